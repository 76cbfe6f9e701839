const { createClient } = require('redis');
const logger = require('pino')();
const { JOBS_PENDING, JOBS_DEAD } = require('../lib/keys');
const { runJob } = require('./handlers');

const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', (err) => logger.error({ err }, 'redis error'));

let running = true;

async function main() {
  await redis.connect();
  logger.info('worker started');
  while (running) {
    const item = await redis.brPop(JOBS_PENDING, 5); // expect: RS906
    if (!item) continue;
    try {
      await runJob(JSON.parse(item.element));
    } catch (err) {
      logger.error({ err }, 'job failed, moving to dead letter list');
      await redis.lPush(JOBS_DEAD, item.element);
    }
  }
  await redis.quit();
}

process.on('SIGTERM', () => { running = false; });
process.on('SIGINT', () => { running = false; });

main().catch((err) => {
  logger.fatal({ err }, 'worker crashed');
  process.exit(1);
});
