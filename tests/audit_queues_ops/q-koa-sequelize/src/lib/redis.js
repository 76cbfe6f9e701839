const Redis = require('ioredis');
const logger = require('./logger');

const redis = new Redis(process.env.REDIS_URL);
redis.on('error', (err) => logger.error('redis error', { err: err.message }));

module.exports = redis;
