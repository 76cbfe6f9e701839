import { Worker } from 'bullmq';
import { QUEUE_NAME, connection } from '@shop/queue';

const worker = new Worker(QUEUE_NAME, async (job) => job.data, { connection, concurrency: 10 });
worker.on('error', (err) => console.error('worker error', err));
worker.on('failed', (job, err) => console.error(job?.id, err));
