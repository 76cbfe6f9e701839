const express = require('express');
const stoppable = require('stoppable');
const client = require('prom-client');
const { sequelize } = require('./db');
const { media, notifications } = require('./jobs/queues');
const assets = require('./assets');
const log = require('./log');

client.collectDefaultMetrics();
const app = express();
app.use(express.json());

app.get('/health', (req, res) => res.json({ ok: true }));
app.get('/metrics', async (req, res) => res.type('text/plain').send(await client.register.metrics()));
app.post('/assets/:id/thumbnail', async (req, res) => {
  await assets.requestThumbnail(req.params.id);
  res.sendStatus(202);
});
app.post('/assets/:id/transcode', async (req, res) => {
  await assets.requestTranscode(req.params.id);
  res.sendStatus(202);
});

const server = stoppable(app.listen(process.env.PORT || 3000, () => log.info('media api up')), 10000);

process.on('SIGTERM', () => {
  server.stop(async () => {
    await Promise.all([media.close(), notifications.close(), sequelize.close()]);
    process.exit(0);
  });
});
