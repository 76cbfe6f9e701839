const WebSocket = require('ws');
const { io: ioClient } = require('socket.io-client');

function connectExchange(onTick) {
  const ws = new WebSocket('wss://stream.example-exchange.com/ws/btcusdt@trade');
  ws.on('message', (raw) => onTick(JSON.parse(raw)));
  ws.on('close', () => setTimeout(() => connectExchange(onTick), 1000));
  const interval = setInterval(() => ws.ping(), 15000);
  ws.on('close', () => clearInterval(interval));
  return ws;
}

function connectNews(onNews) {
  const socket = ioClient(process.env.NEWS_URL || 'https://news.example.com');
  socket.on('headline', onNews);
  return socket;
}

module.exports = { connectExchange, connectNews };
