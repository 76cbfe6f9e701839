const express = require('express');
const expressWs = require('express-ws');

const app = express();
const { getWss } = expressWs(app); // expect: RS401, RS402

const rooms = new Map();

app.ws('/rooms/:room', (ws, req) => {
  const { room } = req.params;
  if (!rooms.has(room)) rooms.set(room, new Set());
  rooms.get(room).add(ws);

  ws.on('message', (msg) => {
    for (const peer of rooms.get(room)) peer.send(msg);
  });
  ws.on('close', () => rooms.get(room).delete(ws));
});

app.get('/stats', (req, res) => res.json({ sockets: getWss().clients.size }));

app.listen(process.env.PORT || 3000);
