const knex = require('knex');
const Redis = require('ioredis');
const pino = require('pino');

const logger = pino();
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });
const redis = new Redis(process.env.REDIS_URL);
redis.on('error', (err) => logger.error({ err }, 'redis'));

module.exports = { db, redis, logger };
