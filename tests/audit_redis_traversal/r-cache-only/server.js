const express = require('express');
const { createClient } = require('redis');

// a pure cache: losing it only costs a cold start
const cache = createClient({ url: process.env.REDIS_URL });
cache.on('error', (err) => console.warn('cache unavailable', err.message));

const app = express();
app.get('/products/:id', async (req, res) => {
  const hit = await cache.get(`p:${req.params.id}`).catch(() => null);
  if (hit) return res.type('json').send(hit);
  const product = { id: req.params.id };
  await cache.set(`p:${req.params.id}`, JSON.stringify(product), { EX: 60 }).catch(() => {});
  res.json(product);
});

cache.connect().finally(() => app.listen(3000));
