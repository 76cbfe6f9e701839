const { Worker } = require('bullmq');
const { requestThumbnail } = require('../src/sync');

test('thumbnail jobs are processed', async () => {
  const seen = [];
  const worker = new Worker('thumbnails', async (job) => seen.push(job.data.sku));
  await requestThumbnail('sku-1', 'http://example.com/a.png');
  await worker.close();
});
