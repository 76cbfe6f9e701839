const { createServer } = require('http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');
const config = require('./config');

const httpServer = createServer();
const io = new Server(httpServer, config.socket); // expect: RS401, RS402

const pubClient = createClient({ url: process.env.REDIS_URL });
const subClient = pubClient.duplicate();
pubClient.on('error', console.error);
subClient.on('error', console.error);

Promise.all([pubClient.connect(), subClient.connect()]).then(() => {
  io.adapter(createAdapter(pubClient, subClient));
  httpServer.listen(config.port);
});

io.on('connection', (socket) => {
  socket.on('move', (m) => socket.broadcast.emit('move', m));
});
