const { Pool } = require('pg');
const { createClient } = require('redis');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, connectionTimeoutMillis: 3000 });
const redisClient = createClient({ url: process.env.REDIS_URL });
redisClient.on('error', (err) => console.error('[redis]', err.message));

module.exports = { pool, redisClient };
