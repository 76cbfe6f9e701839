const { Client } = require('pg');

// Dedicated connection for LISTEN/NOTIFY (cannot go through a pool).
const listener = new Client({ connectionString: process.env.DATABASE_URL }); // expect: RS101, RS104

async function listen(channel, onPayload) {
  await listener.connect();
  listener.on('notification', (msg) => onPayload(JSON.parse(msg.payload)));
  await listener.query(`LISTEN ${channel}`);
}

module.exports = { listen };
