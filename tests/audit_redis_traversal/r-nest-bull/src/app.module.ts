import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { AudioModule } from './audio/audio.module';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [
    BullModule.forRoot({ redis: { host: 'localhost', port: 6379 } }), // expect: RS203
    AudioModule,
    RedisModule,
  ],
})
export class AppModule {}
