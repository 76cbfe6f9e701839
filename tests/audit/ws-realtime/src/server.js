const http = require('http');
const express = require('express');
const { WebSocketServer } = require('ws');
const { broadcast } = require('./broadcast');

const app = express();
app.get('/healthz', (req, res) => res.send('ok'));

const server = http.createServer(app);
const wss = new WebSocketServer({ server, path: '/ws' }); // expect: RS401, RS402

wss.on('connection', (ws, req) => {
  ws.user = req.headers['x-user-id'] || 'anonymous';
  ws.on('message', (data) => {
    broadcast(wss, { from: ws.user, text: data.toString() });
  });
  ws.on('close', () => {
    broadcast(wss, { left: ws.user });
  });
});

server.listen(process.env.PORT || 8080);
