import { Worker } from 'bullmq';
import { QUEUES, redisConnection, logger, jobsProcessed } from '@acme/shared';
import { sendEmail } from './processors/email';
import { buildReport } from './processors/reports';

const workers = [
  new Worker(QUEUES.EMAIL, sendEmail, { connection: redisConnection, concurrency: 10 }),
  new Worker(QUEUES.REPORTS, buildReport, { connection: redisConnection, concurrency: 2 }),
];

for (const w of workers) {
  w.on('completed', () => jobsProcessed.inc({ queue: w.name, outcome: 'completed' }));
  w.on('failed', (job, err) => {
    jobsProcessed.inc({ queue: w.name, outcome: 'failed' });
    logger.error({ err, jobId: job?.id, queue: w.name }, 'job failed');
  });
  w.on('error', (err) => logger.error({ err }, 'worker error'));
}

async function shutdown() {
  logger.info('closing workers');
  await Promise.all(workers.map((w) => w.close()));
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
