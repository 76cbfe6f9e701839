import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'path';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.enableShutdownHooks();
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useStaticAssets(join(__dirname, '..', 'public'), { prefix: '/public/' }); // expect: RS904
  const port = process.env.PORT ?? 3000;
  await app.listen(port); // expect: RS906
  new Logger('bootstrap').log(`listening on ${port}`);
}
bootstrap();
