const Queue = require('bull');

const thumbnails = new Queue('thumbnails', { redis: { host: '10.0.3.15', port: 6379 } }); // expect: RS203

thumbnails.process(4, async (job) => {
  return { size: job.data.size };
});

module.exports = { thumbnails };
