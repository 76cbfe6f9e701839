const http = require('http');
const express = require('express');
const { createTerminus } = require('@godaddy/terminus');
const client = require('prom-client');
const pinoHttp = require('pino-http');
const logger = require('./lib/logger');
const redis = require('./lib/redis');
const { scheduleSync, requestThumbnail } = require('./sync');
const { recentChanges } = require('./feed');
const { closePools } = require('./maintenance');

client.collectDefaultMetrics();

const app = express();
app.use(pinoHttp({ logger }));
app.use(express.json());

app.get('/metrics', async (_req, res) => {
  res.set('Content-Type', client.register.contentType);
  res.end(await client.register.metrics());
});
app.post('/suppliers/:id/sync', async (req, res) => {
  await scheduleSync(req.params.id);
  res.sendStatus(202);
});
app.post('/products/:sku/thumbnail', async (req, res) => {
  await requestThumbnail(req.params.sku, req.body.url);
  res.sendStatus(202);
});
app.get('/changes', async (_req, res) => res.json(await recentChanges()));

const server = http.createServer(app);
createTerminus(server, {
  signals: ['SIGTERM', 'SIGINT'],
  healthChecks: { '/healthz': async () => redis.ping() },
  onSignal: async () => {
    await closePools();
    await redis.quit();
  },
  logger: (msg, err) => logger.error({ err }, msg),
});
server.listen(process.env.PORT || 3000, () => logger.info('catalog-sync listening'));
