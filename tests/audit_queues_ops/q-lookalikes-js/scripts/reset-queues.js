const { Queue } = require('bullmq');
const Redis = require('ioredis');

async function main() {
  const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
  for (const name of ['catalog-sync', 'thumbnails']) {
    const q = new Queue(name, { connection });
    await q.obliterate({ force: true });
    console.log(`obliterated ${name}`);
    await q.close();
  }
  await connection.quit();
}

main();
