const { Worker } = require('bullmq');
const redis = require('../lib/redis');
const logger = require('../lib/logger');
const { recordChange } = require('../feed');

const worker = new Worker(
  'catalog-sync',
  async (job) => {
    await recordChange({ supplierId: job.data.supplierId });
  },
  { connection: redis, concurrency: 4 },
);
worker.on('error', (err) => logger.error({ err }, 'worker error'));

async function shutdown() {
  await worker.close();
  await redis.quit();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
