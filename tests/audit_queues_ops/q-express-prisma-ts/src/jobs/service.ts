import { prisma } from '../prisma';
import { renderQueue } from './queue';

export async function createJob(scene: string) {
  const job = await prisma.job.create({ data: { status: 'QUEUED' } }); // expect: RS601
  await renderQueue.add('render', { jobId: job.id, scene }, { attempts: 5, backoff: { type: 'exponential', delay: 10_000 } });
  return job;
}

export async function createJobViaOutbox(scene: string) {
  return prisma.$transaction(async (tx) => {
    const job = await tx.job.create({ data: { status: 'QUEUED' } });
    await tx.outbox.create({ data: { topic: 'render', payload: { jobId: job.id, scene } } });
    return job;
  });
}

export async function failJob(id: string, error: string) {
  await prisma.job.update({ where: { id }, data: { status: 'FAILED', error } }); // expect: RS304
}

export async function completeJob(id: string) {
  const { count } = await prisma.job.updateMany({ where: { id, status: 'RUNNING' }, data: { status: 'DONE' } });
  return count === 1;
}

export async function transition(id: string, version: number, status: string) {
  const { count } = await prisma.job.updateMany({
    where: { id, version },
    data: { status, version: { increment: 1 } },
  });
  if (count === 0) throw new Error(`stale version for job ${id}`);
}

export async function rerun(id: string) {
  await prisma.job.update({ where: { id, status: { in: ['FAILED', 'CANCELLED'] } }, data: { status: 'QUEUED' } });
}
