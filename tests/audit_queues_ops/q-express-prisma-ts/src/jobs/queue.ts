import { Queue } from 'bullmq';

export const connection = { host: process.env.REDIS_HOST ?? 'redis', port: 6379 };
export const renderQueue = new Queue('render', { connection });
