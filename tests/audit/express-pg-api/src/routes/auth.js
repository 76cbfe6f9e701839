const crypto = require('crypto');
const express = require('express');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');
const { loginLimiter } = require('../middleware/rateLimiter');
const users = require('../db/users');

const router = express.Router();

router.post('/login', loginLimiter, async (req, res, next) => {
  try {
    const { email, password } = req.body;
    const user = await users.findByEmail(email);
    if (!user) return res.status(401).json({ error: 'invalid credentials' });
    const ok = await bcrypt.compare(password, user.password_hash); // expect: RS502
    if (!ok) return res.status(401).json({ error: 'invalid credentials' });
    const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
    res.json({ token });
  } catch (err) {
    next(err);
  }
});

router.post('/forgot-password', async (req, res, next) => { // expect: RS501
  try {
    const user = await users.findByEmail(req.body.email);
    if (user) {
      await users.createResetToken(user.id, crypto.randomBytes(32).toString('hex'));
    }
    res.status(202).end();
  } catch (err) {
    next(err);
  }
});

router.post('/logout', (req, res) => {
  res.clearCookie('session');
  res.status(204).end();
});

router.post('/refresh', (req, res) => {
  res.status(501).end();
});

module.exports = router;
