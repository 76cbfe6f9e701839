const { WebSocket } = require('ws');

function broadcast(wss, message) {
  const payload = JSON.stringify(message);
  wss.clients.forEach((client) => {
    if (client.readyState === WebSocket.OPEN) client.send(payload);
  });
}

module.exports = { broadcast };
