import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { attachHeartbeat } from './ws/heartbeat.js';

const MAX_CLIENTS = Number(process.env.MAX_CLIENTS ?? 5000);

const server = createServer((req, res) => {
  res.writeHead(200).end('dashboard');
});

const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
attachHeartbeat(wss);

server.on('upgrade', (req, socket, head) => {
  if (wss.clients.size >= MAX_CLIENTS) {
    socket.write('HTTP/1.1 503 Service Unavailable\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ hello: 'dashboard' }));
});

server.listen(8080);
