const PQueue = require('p-queue').default;
const fastq = require('fastq');
const axios = require('./lib/http');
const { syncQueue, thumbsQueue, defaultJobOptions } = require('./lib/queues');
const logger = require('./lib/logger');

const limiter = new PQueue({ concurrency: 4, interval: 1000, intervalCap: 10 });
const seen = new Set();
const pending = [];
const memo = new Map();

function indexWorker(task, cb) {
  memo.set(task.sku, task);
  cb(null);
}
const indexQueue = fastq(indexWorker, 1);

async function fetchSupplierPage(page) {
  return limiter.add(() => axios.get(`${process.env.SUPPLIER_URL}/products`, { params: { page } }));
}

async function scheduleSync(supplierId) {
  if (seen.has(supplierId)) return;
  seen.add(supplierId);
  pending.push(supplierId);
  await syncQueue.add('supplier', { supplierId }, { ...defaultJobOptions, priority: 2 });
}

async function requestThumbnail(sku, url) {
  await thumbsQueue.add('thumb', { sku, url }, defaultJobOptions); // expect: RS301
  indexQueue.push({ sku, url });
  logger.debug({ sku }, 'thumbnail requested');
}

module.exports = { fetchSupplierPage, scheduleSync, requestThumbnail };
