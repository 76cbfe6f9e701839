import { Queue } from 'bullmq';
import { QUEUES, redisConnection } from '@acme/shared';

export const emailQueue = new Queue(QUEUES.EMAIL, {
  connection: redisConnection,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 1000 },
});

export const reportsQueue = new Queue(QUEUES.REPORTS, { connection: redisConnection });

export const webhooksQueue = new Queue(QUEUES.WEBHOOKS, {
  connection: redisConnection,
  defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 30_000 } },
});

export const allQueues = [emailQueue, reportsQueue, webhooksQueue];
