const { db, redis, logger } = require('./infra');

let stopping = false;

async function run() {
  while (!stopping) {
    const raw = await redis.brpoplpush('ingest:pending', 'ingest:processing', 5);
    if (!raw) continue;
    const { batchId } = JSON.parse(raw);
    try {
      await db('batches').where({ id: batchId, status: 'pending' }).update({ status: 'done' });
      await redis.lrem('ingest:processing', 1, raw);
    } catch (err) {
      logger.error({ err, batchId }, 'ingest failed');
    }
  }
  await db.destroy();
  redis.disconnect();
}

process.on('SIGTERM', () => { stopping = true; });
run();
