import { Worker } from 'bullmq';
import { connection } from './jobs/queue';
import { completeJob, failJob } from './jobs/service';

const worker = new Worker(
  'render',
  async (job) => {
    await new Promise((r) => setTimeout(r, 1000));
    await completeJob(job.data.jobId);
  },
  { connection, concurrency: 2 },
);

worker.on('failed', (job, err) => {
  if (job) failJob(job.data.jobId, err.message);
});

const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
