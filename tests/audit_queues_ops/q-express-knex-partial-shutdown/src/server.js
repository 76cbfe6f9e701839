const express = require('express');
const client = require('prom-client');
const { logger } = require('./infra');
const health = require('./routes/health');
const ingest = require('./routes/ingest');

client.collectDefaultMetrics();
const app = express();
app.use(express.json());
app.use('/health', health);
app.use('/api', ingest);
app.get('/metrics', async (req, res) => res.type('text/plain').send(await client.register.metrics()));

const server = app.listen(process.env.PORT || 8080, () => logger.info('ingest api up')); // expect: RS901

process.on('SIGTERM', () => {
  logger.info('SIGTERM received');
  server.close(() => process.exit(0));
});
