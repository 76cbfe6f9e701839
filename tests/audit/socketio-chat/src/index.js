const express = require('express');
const { createServer } = require('http');
const { Server } = require('socket.io');

const MAX_CLIENTS = 2000;

const app = express();
const httpServer = createServer(app);
const io = new Server(httpServer, {
  cors: { origin: process.env.CLIENT_ORIGIN },
  maxHttpBufferSize: 1e5,
  pingInterval: 20000,
  pingTimeout: 10000,
});

io.on('connection', (socket) => {
  if (io.engine.clientsCount > MAX_CLIENTS) {
    socket.emit('error', 'server full');
    socket.disconnect(true);
    return;
  }
  socket.on('chat', (msg) => io.emit('chat', msg));
});

httpServer.listen(process.env.PORT || 3000);
