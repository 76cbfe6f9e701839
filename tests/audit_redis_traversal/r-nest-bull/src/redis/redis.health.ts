import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from './redis.module';

@Injectable()
export class RedisHealth implements OnModuleInit {
  private readonly logger = new Logger(RedisHealth.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onModuleInit() {
    this.redis.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
  }
}
