const Redis = require('ioredis');
const logger = require('pino')();

const redis = new Redis(process.env.REDIS_URL);
redis.on('error', (err) => logger.error({ err }, 'redis'));
module.exports = { redis, logger };
