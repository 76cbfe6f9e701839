const { Worker, Queue } = require('bullmq');
const { connection } = require('./connection');

const reports = new Queue('reports', { connection });
const worker = new Worker('reports', async (job) => ({ rows: job.data.n }), { connection });
worker.on('error', (err) => console.warn('worker error', err.message));

reports.add('nightly', { n: 10 }, { repeat: { pattern: '0 2 * * *' } });
