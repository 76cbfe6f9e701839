import { Queue } from 'bullmq';

export const QUEUE_NAME = 'orders';
export const connection = { host: process.env.REDIS_HOST ?? 'redis', port: Number(process.env.REDIS_PORT ?? 6379) };

export const ordersQueue = new Queue(QUEUE_NAME, { connection }); // expect: RS203
