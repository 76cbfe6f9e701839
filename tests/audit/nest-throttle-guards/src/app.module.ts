import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './auth/auth.controller';
import { LiveGateway } from './live/live.gateway';
import { OAuthController } from './oauth/oauth.controller';

@Module({
  imports: [
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 10 }]),
    TypeOrmModule.forRoot({  // expect: RS101 (no connectTimeoutMS: TypeORM's pg pool waits forever)
      type: 'postgres',
      url: process.env.DATABASE_URL,
      autoLoadEntities: true,
      extra: { max: 10, statement_timeout: 10_000 },
    }),
  ],
  controllers: [AuthController, OAuthController],
  providers: [LiveGateway],
})
export class AppModule {}
