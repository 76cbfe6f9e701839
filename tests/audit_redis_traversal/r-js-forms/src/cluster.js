import Redis from 'ioredis';

export const cluster = new Redis.Cluster([{ host: 'redis-0', port: 6379 }, { host: 'redis-1', port: 6379 }]); // expect: RS202

export async function connectRedis() {
  const c = new Redis(process.env.REDIS_URL, { lazyConnect: true });
  c.on('error', (err) => console.warn(err.message));
  await c.connect();
  return c;
}
