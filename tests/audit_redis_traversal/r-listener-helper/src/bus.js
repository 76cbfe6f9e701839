const Redis = require('ioredis');
const { watchRedis } = require('./lib/observability');

const pub = new Redis(process.env.REDIS_URL);
const sub = new Redis(process.env.REDIS_URL);
watchRedis(pub, 'pub');
watchRedis(sub, 'sub');

const events = watchRedis(new Redis(process.env.REDIS_URL), 'events');
const audit = new Redis(process.env.REDIS_URL); // expect: RS202

for (const c of [pub, sub]) {
  c.on('end', () => console.log('closed'));
}

sub.subscribe('jobs');
sub.on('message', (ch, msg) => events.xadd('events', '*', 'msg', msg));
audit.lpush('audit', JSON.stringify({ at: Date.now() }));

module.exports = { pub };
