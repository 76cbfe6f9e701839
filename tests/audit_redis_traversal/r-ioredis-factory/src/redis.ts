import Redis, { RedisOptions } from 'ioredis';

export function createRedis(name: string, extra: RedisOptions = {}): Redis {
  return new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', {
    connectionName: name,
    maxRetriesPerRequest: 3,
    ...extra,
  });
}
