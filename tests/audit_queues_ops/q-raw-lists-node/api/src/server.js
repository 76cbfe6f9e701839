const express = require('express');
const { redisClient } = require('./clients');
const jobs = require('./jobs');

const app = express();
app.use(express.json());
app.use((req, _res, next) => {
  req.user = { id: req.header('x-user-id') };
  next();
});
app.use('/api', jobs);

async function start() {
  await redisClient.connect();
  const server = app.listen(process.env.PORT || 3000, () => { // expect: RS901, RS903, RS906
    console.log('orchestrator api listening'); // expect: RS902
  });
  process.on('SIGTERM', async () => {
    await redisClient.quit();
    process.exit(0);
  });
  return server;
}

start();
