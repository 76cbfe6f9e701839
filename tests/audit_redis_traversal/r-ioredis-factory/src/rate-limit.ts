import { createRedis } from './redis';

const limiter = createRedis('rate-limit'); // expect: RS202

export async function hit(ip: string): Promise<number> {
  const key = `rl:${ip}`;
  const n = await limiter.incr(key);
  if (n === 1) await limiter.expire(key, 60);
  return n;
}
