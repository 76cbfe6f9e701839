const express = require('express');
const mongoose = require('mongoose');
const redis = require('./redis');
const logger = require('./logger');
const uploads = require('./routes/uploads');

const app = express();
app.use('/v1', uploads);

async function main() {
  await mongoose.connect(process.env.MONGO_URL);
  const server = app.listen(process.env.PORT || 3000, () => logger.info('uploads service started')); // expect: RS906
  const shutdown = async () => {
    server.close();
    await mongoose.disconnect();
    await redis.quit();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main();
