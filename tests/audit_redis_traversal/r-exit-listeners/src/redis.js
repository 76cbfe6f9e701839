const Redis = require('ioredis');
const { createClient } = require('redis');
const { Pool } = require('pg');
const { die } = require('./fatal');

const redis = new Redis(process.env.REDIS_URL);
redis.on('error', die); // expect: RS201

const sessions = createClient({ url: process.env.SESSION_REDIS_URL });
sessions.on('error', (err) => { // expect: RS201
  console.error('session store unavailable', err);
  process.exit(1);
});

// not Redis: a pg pool error handler that exits is out of scope here
const pool = new Pool();
pool.on('error', (err) => {
  console.error(err);
  process.exit(-1);
});

// the client ended for good (quit / retries exhausted): exiting lets the orchestrator restart us
const stream = createClient({ url: process.env.REDIS_URL });
stream.on('error', (err) => console.warn('stream redis error', err.message));
stream.on('end', () => process.exit(1));

async function start() {
  try {
    await sessions.connect();
    await stream.connect();
  } catch (err) {
    console.error('redis unreachable at start-up', err);
    process.exit(1);
  }
}

module.exports = { redis, sessions, stream, pool, start };
