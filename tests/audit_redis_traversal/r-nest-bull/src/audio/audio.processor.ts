import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';

@Processor('audio')
export class AudioProcessor {
  @Process('transcode')
  async handleTranscode(job: Job) {
    return { done: job.data.file };
  }
}
