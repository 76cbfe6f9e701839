import { Queue, QueueEvents } from 'bullmq';
import { connection } from './connection';

export const emailQueue = new Queue('emails', { connection });
export const invoiceQueue = new Queue('invoices', { connection });

export const emailEvents = new QueueEvents('emails', { connection }); // expect: RS202
emailEvents.on('failed', ({ jobId, failedReason }) => console.warn('email job failed', jobId, failedReason));

export const invoiceEvents = new QueueEvents('invoices', { connection });
invoiceEvents.on('error', (err) => console.warn('invoice events error', err));
