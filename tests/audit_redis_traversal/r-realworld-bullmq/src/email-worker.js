const { Worker } = require('bullmq');
const { createBullMQConnection } = require('./connection');

const emailWorker = new Worker('emails', async (job) => job.data, { connection: createBullMQConnection() });
emailWorker.on('error', (err) => console.error('email worker', err.message));
emailWorker.on('failed', (job, err) => console.log(`Job has failed with ${err.message}`));

module.exports = { emailWorker };
