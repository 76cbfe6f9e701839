const genericPool = require('generic-pool');
const workerpool = require('workerpool');
const { Pool } = require('undici');
const { Client } = require('@elastic/elasticsearch');
const Redis = require('ioredis');
const ffmpeg = require('./ffmpeg');

// A pool of ffmpeg processes, not of database connections.
const transcoders = genericPool.createPool(
  { create: () => ffmpeg.spawn(), destroy: (p) => p.kill() },
  { max: 4, min: 1 },
);

const thumbnails = workerpool.pool(`${__dirname}/thumbnail-worker.js`, { maxWorkers: 2 });

// HTTP keep-alive pool to the origin
const origin = new Pool(process.env.ORIGIN_URL || 'http://origin:8080', { connections: 32 });

const search = new Client({ node: process.env.ELASTIC_URL || 'http://elastic:9200' });

const cache = new Redis(process.env.REDIS_URL);
cache.on('error', () => {});

/*
 * Previously:
 *   const { Pool } = require('pg');
 *   const db = new Pool({ connectionString: process.env.DATABASE_URL });
 */
const docs = "new Pool({ connectionString }) from 'pg' waits forever without connectionTimeoutMillis";

module.exports = { transcoders, thumbnails, origin, search, cache, docs };
