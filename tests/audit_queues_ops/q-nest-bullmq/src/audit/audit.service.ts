import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

@Injectable()
export class AuditService {
  constructor(@InjectQueue('audit-log') private readonly auditQueue: Queue) {}

  record(actorId: string, action: string, meta: Record<string, unknown> = {}) {
    return this.auditQueue.add(action, { actorId, meta, at: new Date().toISOString() }); // expect: RS301
  }
}
