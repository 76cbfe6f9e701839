import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';

@Injectable()
export class SessionStore {
  private readonly redis = new Redis(process.env.REDIS_URL!);

  constructor() {
    this.redis.on('error', (err) => console.warn('session redis', err.message));
  }

  get(id: string) {
    return this.redis.get(`sess:${id}`);
  }
}

@Injectable()
export class RateStore {
  private readonly redis = new Redis(process.env.REDIS_URL!); // expect: RS202

  hit(key: string) {
    return this.redis.incr(key);
  }
}
