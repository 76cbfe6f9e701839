import { WebSocketServer } from 'ws';

const IDLE_MS = 45_000;
const wss = new WebSocketServer({ // expect: RS402
  port: 9000,
  maxPayload: 64 * 1024,
  perMessageDeflate: false,
});

wss.on('connection', (ws) => {
  let idle = setTimeout(() => ws.close(4000, 'idle timeout'), IDLE_MS);

  ws.on('message', (data) => {
    clearTimeout(idle);
    idle = setTimeout(() => ws.close(4000, 'idle timeout'), IDLE_MS);
    const msg = JSON.parse(data.toString());
    if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
  });
});
