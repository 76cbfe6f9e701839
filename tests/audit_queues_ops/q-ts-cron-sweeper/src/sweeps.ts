import { pool } from './db.js';
import { log } from './log.js';

const STALLED_AFTER = "interval '2 minutes'";

export async function requeueStalled(): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE jobs
        SET status = 'queued', attempts = attempts + 1, worker_id = NULL
      WHERE status = 'running'
        AND heartbeat_at < now() - ${STALLED_AFTER}
        AND attempts < max_attempts`,
  );
  return rowCount ?? 0;
}

export async function failTimedOut(): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE jobs SET status = 'failed', error = 'timed out' WHERE updated_at < now() - interval '1 hour'`, // expect: RS304
  );
  if (rowCount) log.warn({ rowCount }, 'jobs failed by timeout sweep');
  return rowCount ?? 0;
}

export async function markStalled(id: string) {
  await pool.query(
    `UPDATE jobs SET status = CASE WHEN status = 'running' THEN 'stalled' ELSE status END WHERE id = $1`,
    [id],
  );
}

export async function archiveDone(): Promise<void> {
  await pool.query(`UPDATE jobs SET archived = true WHERE finished_at < now() - interval '30 days'`);
}
