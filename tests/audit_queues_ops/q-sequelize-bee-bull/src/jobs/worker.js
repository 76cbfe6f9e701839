const Bull = require('bull');
const BeeQueue = require('bee-queue');
const axios = require('axios');
const { Asset } = require('../db');
const log = require('../log');

const media = new Bull('media', process.env.REDIS_URL);
const notifications = new BeeQueue('notifications', { redis: { url: process.env.REDIS_URL } });

media.process('thumbnail', 4, async (job) => {
  const asset = await Asset.findByPk(job.data.assetId);
  await axios.post(`${process.env.IMAGER_URL}/thumb`, { url: asset.url }, { timeout: 30000 });
  await asset.update({ status: 'thumbnailed' });
});

media.process('transcode', 1, async (job) => {
  const asset = await Asset.findByPk(job.data.assetId);
  asset.status = 'transcoded';
  await asset.save();
});

notifications.process(async (job) => {
  log.info('notify', { to: job.data.to });
});

async function shutdown() {
  await Promise.all([media.close(), notifications.close()]);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
