import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';

@Processor('thumbnails')
export class ThumbnailsProcessor extends WorkerHost {
  async process(job: Job<{ assetId: string; sizes: number[] }>) {
    return { assetId: job.data.assetId, rendered: job.data.sizes.length };
  }
}
