// Shapes seen in public repositories (rewritten).
const { Queue, Worker } = require('bullmq');

const myQueue = new Queue('pending-fees-reload-job', { connection: { host: '127.0.0.1', port: 6379 } }); // expect: RS203

const worker = new Worker(myQueue.name, async (job) => { // expect: RS202
  console.log(job.data);
});

module.exports = { myQueue, worker };
