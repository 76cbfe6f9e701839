const express = require('express');
const rateLimit = require('express-rate-limit');
const slowDown = require('express-slow-down');
const api = require('./api');

const app = express();
app.use(express.json());

app.use('/api/accounts', slowDown({ windowMs: 60_000, delayAfter: 5, delayMs: () => 500 }));
app.use('/api', api);

app.post('/login', (req, res) => { // expect: RS501
  res.status(501).end();
});

app.post('/otp/verify', (req, res) => { // expect: RS501
  res.status(501).end();
});

// global limiter (registered after the legacy routes above)
app.use(rateLimit({ windowMs: 60_000, limit: 300 }));

app.post('/v2/login', (req, res) => {
  res.status(501).end();
});

app.listen(3000);
