import { Worker } from 'bullmq';
import { connection } from '../queues/connection';
import { renderInvoice } from '../invoices';
import { logger } from '../logger';

const worker = new Worker('invoices', async (job) => renderInvoice(job.data.id), { connection });

worker.on('error', (err) => { // expect: RS201
  logger.fatal({ err }, 'invoice worker lost redis');
  process.exit(1);
});
