const Bull = require('bull');
const BeeQueue = require('bee-queue');

const media = new Bull('media', process.env.REDIS_URL);
const notifications = new BeeQueue('notifications', { redis: { url: process.env.REDIS_URL }, isWorker: false });

module.exports = { media, notifications };
