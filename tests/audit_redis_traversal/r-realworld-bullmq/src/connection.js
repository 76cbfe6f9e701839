const IORedis = require('ioredis');

const createBullMQConnection = () => {
  return new IORedis({
    host: process.env.REDIS_HOST,
    port: Number(process.env.REDIS_PORT),
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 50, 2000),
  });
};

module.exports = { createBullMQConnection };
