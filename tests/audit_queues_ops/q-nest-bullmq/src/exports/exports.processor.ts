import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ExportsService } from './exports.service';

@Processor('exports', { concurrency: 4 })
export class ExportsProcessor extends WorkerHost {
  constructor(private readonly exports: ExportsService) {
    super();
  }

  async process(job: Job<{ id: string }>) {
    await this.exports.markDone(job.data.id);
  }
}
