import type { Job } from 'bullmq';

export async function sendEmail(job: Job<{ to: string; template: string }>) {
  const res = await fetch(`${process.env.MAILER_URL}/send`, { // expect: RS905
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(job.data),
  });
  if (!res.ok) throw new Error(`mailer responded ${res.status}`);
}
