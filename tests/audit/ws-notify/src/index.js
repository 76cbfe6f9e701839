const { WebSocketServer } = require('ws');
const jwt = require('jsonwebtoken');
const { listen } = require('./listener');

const wss = new WebSocketServer({ port: Number(process.env.PORT || 8081) }); // expect: RS401, RS402
const byUser = new Map();

wss.on('connection', (ws, req) => {
  const token = new URL(req.url, 'http://localhost').searchParams.get('token');
  let user;
  try {
    user = jwt.verify(token, process.env.JWT_SECRET);
  } catch {
    ws.close(1008, 'unauthorized');
    ws.terminate();
    return;
  }
  byUser.set(user.sub, ws);
  ws.on('close', () => byUser.delete(user.sub));
});

setInterval(() => {
  console.log(`open sockets: ${wss.clients.size}, users: ${byUser.size}`);
}, 60_000);

listen('notifications', (n) => {
  const ws = byUser.get(n.userId);
  if (ws) ws.send(JSON.stringify(n));
});
