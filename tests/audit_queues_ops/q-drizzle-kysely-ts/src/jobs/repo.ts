import { and, eq, inArray } from 'drizzle-orm';
import { db, kdb, sql } from '../db/client.js';
import { jobs } from '../db/schema.js';

export async function complete(id: string) {
  await db.update(jobs).set({ status: 'done', updatedAt: new Date() }).where(eq(jobs.id, id)); // expect: RS304
}

export async function start(id: string) {
  const rows = await db
    .update(jobs)
    .set({ status: 'running' })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'queued')))
    .returning({ id: jobs.id });
  return rows.length === 1;
}

export async function retry(ids: string[]) {
  await db.update(jobs).set({ status: 'queued' }).where(and(inArray(jobs.id, ids), inArray(jobs.status, ['failed', 'timeout'])));
}

export async function fail(id: string) {
  await kdb.updateTable('jobs').set({ status: 'failed' }).where('id', '=', id).execute(); // expect: RS304
}

export async function cancel(id: string) {
  await kdb
    .updateTable('jobs')
    .set({ status: 'cancelled' })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

export async function bump(id: string) {
  await sql`update jobs set attempts = attempts + 1 where id = ${id}`;
}

export async function reset(id: string) {
  await sql`update jobs set status = 'queued', attempts = 0 where id = ${id}`; // expect: RS304
}
