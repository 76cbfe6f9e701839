import redis from './default-client.js';

redis.on('error', (err) => console.error('redis', err));

export const getUser = (id) => redis.hgetall(`user:${id}`);
