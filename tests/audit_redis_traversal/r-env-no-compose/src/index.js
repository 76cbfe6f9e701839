const IORedis = require('ioredis');
const { Queue, Worker } = require('bullmq');

// managed Redis (ElastiCache with Multi-AZ) behind an env URL: topology unknown from here
const connection = new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const mail = new Queue('mail', { connection });
const worker = new Worker('mail', async (job) => job.data, { connection });
worker.on('error', (err) => console.error(err));

module.exports = { mail };
