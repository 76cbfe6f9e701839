const Queue = require('bull');

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const mailQueue = new Queue('mail', REDIS_URL);
const smsQueue = new Queue('sms', REDIS_URL, { defaultJobOptions: { attempts: 3, backoff: 5000 } });
const videoQueue = new Queue('video-transcode', REDIS_URL, { defaultJobOptions: { attempts: 2 } });

module.exports = { mailQueue, smsQueue, videoQueue };
