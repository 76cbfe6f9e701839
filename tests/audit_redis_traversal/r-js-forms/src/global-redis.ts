import Redis from 'ioredis';

// Next.js dev hot-reload guard: one client per process
const globalForRedis = globalThis as unknown as { redis?: Redis; queue?: Redis };

export const redis = globalForRedis.redis ?? new Redis(process.env.REDIS_URL!);
if (process.env.NODE_ENV !== 'production') globalForRedis.redis = redis;
redis.on('error', (err) => console.error('[redis]', err.message));

export const queueRedis = globalForRedis.queue ?? new Redis(process.env.QUEUE_REDIS_URL!); // expect: RS202
