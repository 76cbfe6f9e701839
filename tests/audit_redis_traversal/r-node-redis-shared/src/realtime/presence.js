const { client } = require('../lib/redis');

// a subscriber connection copied from the shared client: it needs its own listener
const subscriber = client.duplicate(); // expect: RS202
const publisher = client.duplicate();
publisher.on('error', (err) => console.warn('publisher error', err.message));

async function startPresence() {
  await subscriber.connect();
  await publisher.connect();
  await subscriber.subscribe('presence', (msg) => publisher.publish('presence:echo', msg));
}

module.exports = { startPresence };
