const { Asset, Op } = require('./db');
const { media, notifications } = require('./jobs/queues');

async function requestThumbnail(assetId) {
  await media.add('thumbnail', { assetId }, { attempts: 3, backoff: { type: 'fixed', delay: 5000 } });
}

async function requestTranscode(assetId) {
  await media.add('transcode', { assetId }); // expect: RS302
}

async function notifyOwner(to) {
  await notifications.createJob({ to }).retries(3).backoff('exponential', 1000).save();
}

async function notifyAdmins(to) {
  await notifications.createJob({ to, admin: true }).save(); // expect: RS302
}

async function requeueFailed(ids) {
  await Asset.update({ status: 'new' }, { where: { id: ids, status: { [Op.in]: ['failed', 'timeout'] } } });
}

async function archiveOld(cutoff) {
  await Asset.update({ state: 'archived' }, { where: { createdAt: { [Op.lt]: cutoff } } }); // expect: RS304
}

module.exports = { requestThumbnail, requestTranscode, notifyOwner, notifyAdmins, requeueFailed, archiveOld };
