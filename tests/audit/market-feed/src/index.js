const http = require('http');
const express = require('express');
const pool = require('./db');
const { connectExchange, connectNews } = require('./upstream');
const { checkApiKey, verifyToken } = require('./auth');

const app = express();
app.use(express.json());

app.post('/api/token', (req, res) => { // expect: RS501
  if (!checkApiKey(req.body.apiKey)) return res.sendStatus(401);
  res.json({ token: 'issued' });
});

app.get('/api/ticks', async (req, res) => {
  verifyToken(req.headers.authorization);
  const { rows } = await pool.query('SELECT * FROM ticks ORDER BY ts DESC LIMIT 100');
  res.json(rows);
});

const server = http.createServer(app);
const io = require('socket.io')(server); // expect: RS402

connectExchange((tick) => {
  io.emit('tick', tick);
  pool.query('INSERT INTO ticks (symbol, price, ts) VALUES ($1, $2, now())', [tick.s, tick.p]).catch(() => {});
});
connectNews((n) => io.emit('news', n));

server.listen(process.env.PORT || 8000);

process.on('SIGTERM', () => {
  io.close();
  server.close(() => pool.end().then(() => process.exit(0)));
});
