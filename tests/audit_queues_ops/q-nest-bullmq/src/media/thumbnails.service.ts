import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

const MAX_WAITING = 5_000;

@Injectable()
export class ThumbnailsService {
  constructor(@InjectQueue('thumbnails') private readonly thumbnails: Queue) {}

  request(assetId: string, sizes: number[]) {
    return this.thumbnails.add('render', { assetId, sizes }); // expect: RS302
  }

  async shedLoad() {
    const waiting = await this.thumbnails.getWaitingCount();
    if (waiting > MAX_WAITING) {
      await this.thumbnails.clean(0, 1_000, 'wait'); // expect: RS303
    }
  }

  async housekeeping() {
    await this.thumbnails.clean(24 * 60 * 60 * 1000, 1_000, 'completed');
    await this.thumbnails.clean(7 * 24 * 60 * 60 * 1000, 1_000, 'failed');
  }
}
