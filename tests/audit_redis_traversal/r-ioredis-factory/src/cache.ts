import { createRedis } from './redis';

export const cache = createRedis('cache');
cache.on('error', (err) => console.error('[cache] redis error', err.message));

export async function cached<T>(key: string, ttl: number, load: () => Promise<T>): Promise<T> {
  const hit = await cache.get(key);
  if (hit) return JSON.parse(hit) as T;
  const value = await load();
  await cache.set(key, JSON.stringify(value), 'EX', ttl);
  return value;
}
