function keepAlive(wss, intervalMs = 25000) {
  wss.on('connection', (ws) => {
    ws.isAlive = true;
    ws.on('pong', () => {
      ws.isAlive = true;
    });
  });
  const timer = setInterval(() => {
    wss.clients.forEach((ws) => {
      if (!ws.isAlive) return ws.terminate();
      ws.isAlive = false;
      ws.ping();
    });
  }, intervalMs);
  wss.on('close', () => clearInterval(timer));
}

module.exports = { keepAlive };
