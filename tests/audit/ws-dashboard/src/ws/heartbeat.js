const INTERVAL_MS = 30_000;

function markAlive() {
  this.isAlive = true;
}

export function attachHeartbeat(wss) {
  wss.on('connection', (ws) => {
    ws.isAlive = true;
    ws.on('pong', markAlive);
  });

  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (ws.isAlive === false) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      ws.ping();
    }
  }, INTERVAL_MS);

  wss.on('close', () => clearInterval(timer));
}
