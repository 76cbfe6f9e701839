const express = require('express');
const client = require('prom-client');
const { redis, logger } = require('./redis');
const history = require('./history');
const { requestExport, startExportPoller } = require('./exporter');

client.collectDefaultMetrics();
const app = express();
app.use(express.json());
app.get('/readyz', async (_req, res) => res.send(await redis.ping()));
app.post('/docs/:id/ops', async (req, res) => {
  await history.recordEdit(req.params.id, req.body);
  res.sendStatus(204);
});
app.post('/docs/:id/undo', async (req, res) => res.json(await history.undo(req.params.id)));
app.post('/docs/:id/export', async (req, res) => {
  await requestExport(req.params.id);
  res.sendStatus(202);
});

const poller = startExportPoller(async (job) => logger.info({ job }, 'exported'));
const server = app.listen(3000);
process.on('SIGTERM', async () => {
  clearInterval(poller);
  server.close();
  await redis.quit();
  process.exit(0);
});
