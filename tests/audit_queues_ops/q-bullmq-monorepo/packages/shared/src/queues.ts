import type { ConnectionOptions } from 'bullmq';

export const QUEUES = {
  EMAIL: 'email',
  REPORTS: 'reports',
  WEBHOOKS: 'outgoing-webhooks',
} as const;

export const redisConnection: ConnectionOptions = {
  host: process.env.REDIS_HOST ?? 'localhost',
  port: Number(process.env.REDIS_PORT ?? 6379),
  maxRetriesPerRequest: null,
};
