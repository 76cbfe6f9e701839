import { Worker, Job } from 'bullmq';
import { connection } from '../queues/connection';
import { sendEmail } from '../mail';

const worker = new Worker( // expect: RS202
  'emails',
  async (job: Job) => {
    await sendEmail(job.data);
  },
  { connection, concurrency: 5 },
);

worker.on('completed', (job) => console.log(`email ${job.id} sent`));
worker.on('failed', (job, err) => console.error(`email ${job?.id} failed`, err));
