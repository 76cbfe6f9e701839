const express = require('express');
const { client } = require('./lib/redis');
const logger = require('./lib/logger');
const { startPresence } = require('./realtime/presence');

client.on('error', (err) => logger.warn({ err }, 'redis error, reconnecting'));

const app = express();
app.get('/health', async (req, res) => res.json({ redis: await client.ping() }));

async function main() {
  await client.connect();
  await startPresence();
  app.listen(process.env.PORT || 3000);
}

main().catch((err) => {
  logger.error(err);
  process.exit(1);
});
