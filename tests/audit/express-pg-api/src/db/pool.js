const { Pool } = require('pg');
const logger = require('../logger');

// One pool per process; sized by PG_POOL_MAX so replicas x max < max_connections.
const pool = new Pool({ // expect: RS101, RS103
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX) || 20,
  idleTimeoutMillis: 30000,
  ssl: process.env.NODE_ENV === 'production' ? { rejectUnauthorized: false } : false,
});

pool.on('error', (err) => {
  logger.error({ err }, 'unexpected error on idle pg client');
});

module.exports = {
  pool,
  query: (text, params) => pool.query(text, params),
};
