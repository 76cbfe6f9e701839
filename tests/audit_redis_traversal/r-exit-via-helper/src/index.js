const Redis = require('ioredis');
const http = require('http');
const { exitOnRedisError, logRedisErrors } = require('./lib/redis-events');

const redis = new Redis(process.env.REDIS_URL);
exitOnRedisError(redis, 'main');

const cache = new Redis(process.env.CACHE_URL);
logRedisErrors(cache, 'cache');

const server = http.createServer((req, res) => res.end('ok'));
exitOnRedisError(server, 'http');
server.listen(3000);
