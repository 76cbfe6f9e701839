const express = require('express');
const rateLimit = require('express-rate-limit');
const bcrypt = require('bcrypt');
const db = require('./db');
const redis = require('./redis');

const app = express();
app.use(express.json());

const loginAttemptLimiter = rateLimit({
  windowMs: 15 * 60 * 1000,
  max: 5,
  message: 'Too many login attempts from this IP, please try again after 15 minutes',
});

app.post('/api/login', loginAttemptLimiter, async (req, res) => {
  const [rows] = await db.query('SELECT id, password FROM users WHERE username = ?', [req.body.username]);
  const user = rows[0];
  if (!user || !(await bcrypt.compare(req.body.password, user.password))) { // expect: RS502
    await redis.incr(`login_attempts:${req.ip}`);
    return res.status(401).json({ message: 'Invalid username or password' });
  }
  res.json({ id: user.id });
});

app.listen(3000);
