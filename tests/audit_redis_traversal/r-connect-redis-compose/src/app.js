const express = require('express');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const { createClient } = require('redis');

const redisClient = createClient({ url: process.env.REDIS_URL }); // expect: RS203
redisClient.on('error', (err) => console.error('redis', err));
redisClient.connect().catch(console.error);

const app = express();
app.use(
  session({
    store: new RedisStore({ client: redisClient, prefix: 'sess:' }),
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
  }),
);
app.get('/', (req, res) => res.send(`views: ${(req.session.views = (req.session.views || 0) + 1)}`));
app.listen(3000);
