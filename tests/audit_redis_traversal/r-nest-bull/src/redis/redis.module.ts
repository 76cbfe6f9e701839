import { Global, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisHealth } from './redis.health';

export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      useFactory: () => new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', { lazyConnect: false }),
    },
    RedisHealth,
  ],
  exports: [REDIS],
})
export class RedisModule {}
