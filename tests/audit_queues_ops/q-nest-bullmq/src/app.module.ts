import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExportsService } from './exports/exports.service';
import { ExportsProcessor } from './exports/exports.processor';
import { ExportJob } from './exports/export-job.entity';
import { ThumbnailsService } from './media/thumbnails.service';
import { ThumbnailsProcessor } from './media/thumbnails.processor';
import { AuditService } from './audit/audit.service';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, autoLoadEntities: true }),
    TypeOrmModule.forFeature([ExportJob]),
    BullModule.forRoot({ connection: { host: process.env.REDIS_HOST, port: 6379 } }),
    BullModule.registerQueue(
      { name: 'exports', defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 2000 } } },
      { name: 'thumbnails' },
      { name: 'audit-log', defaultJobOptions: { attempts: 10 } },
    ),
    TerminusModule,
  ],
  controllers: [HealthController],
  providers: [ExportsService, ExportsProcessor, ThumbnailsService, ThumbnailsProcessor, AuditService],
})
export class AppModule {}
