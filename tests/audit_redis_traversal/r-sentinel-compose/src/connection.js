const Redis = require('ioredis');

const sentinels = (process.env.REDIS_SENTINELS || '').split(',').map((hp) => {
  const [host, port] = hp.split(':');
  return { host, port: Number(port) };
});

const connection = new Redis({ sentinels, name: 'mymaster', maxRetriesPerRequest: null });
connection.on('error', (err) => console.warn('redis', err.message));

module.exports = { connection };
