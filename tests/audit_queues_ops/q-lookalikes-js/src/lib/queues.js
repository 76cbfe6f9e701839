const { Queue } = require('bullmq');
const redis = require('./redis');

const defaultJobOptions = { attempts: 4, backoff: { type: 'exponential', delay: 2000 } };

const syncQueue = new Queue('catalog-sync', { connection: redis });
const thumbsQueue = new Queue('thumbnails', { connection: redis });

module.exports = { syncQueue, thumbsQueue, defaultJobOptions };
