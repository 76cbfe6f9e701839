import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Repository } from 'typeorm';
import { ExportJob, ExportStatus } from './export-job.entity';

@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    @InjectQueue('exports') private readonly exportsQueue: Queue,
    @InjectRepository(ExportJob) private readonly jobs: Repository<ExportJob>,
  ) {}

  async requeue(id: string) {
    await this.jobs.update(id, { status: ExportStatus.Queued }); // expect: RS304, RS601
    await this.exportsQueue.add('export', { id });
    this.logger.log(`export ${id} requeued`);
  }

  async markDone(id: string) {
    const res = await this.jobs.update({ id, status: ExportStatus.Running }, { status: ExportStatus.Done });
    return res.affected === 1;
  }

  async markFailed(id: string, version: number) {
    return this.jobs
      .createQueryBuilder()
      .update(ExportJob)
      .set({ status: ExportStatus.Failed })
      .where('id = :id AND version = :version', { id, version })
      .execute();
  }

  async forceFail(id: string) {
    return this.jobs
      .createQueryBuilder()
      .update(ExportJob)
      .set({ status: ExportStatus.Failed }) // expect: RS304
      .where('id = :id', { id })
      .execute();
  }
}
