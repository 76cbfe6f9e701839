import http from 'node:http';
import { connectRedis } from './cluster.js';

const server = http.createServer((req, res) => res.end('ok'));

function shutdown(code) {
  server.close(() => process.exit(code));
}

const redis = await connectRedis();
redis.on('error', () => shutdown(1)); // expect: RS201
server.listen(8080);
