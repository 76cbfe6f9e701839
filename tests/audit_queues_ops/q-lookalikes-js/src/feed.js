const redis = require('./lib/redis');

const FEED_KEY = 'catalog:changes';

async function recordChange(change) {
  await redis.lpush(FEED_KEY, JSON.stringify({ ...change, at: Date.now() }));
  await redis.ltrim(FEED_KEY, 0, 199);
}

async function recentChanges(limit = 50) {
  const raw = await redis.lrange(FEED_KEY, 0, limit - 1);
  return raw.map((r) => JSON.parse(r));
}

module.exports = { recordChange, recentChanges };
