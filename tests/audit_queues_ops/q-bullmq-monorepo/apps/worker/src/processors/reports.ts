import type { Job } from 'bullmq';

export async function buildReport(job: Job<{ reportId: string }>) {
  const res = await fetch(`${process.env.REPORTING_URL}/render/${job.data.reportId}`, {
    method: 'POST',
    signal: AbortSignal.timeout(60_000),
  });
  return res.json();
}
