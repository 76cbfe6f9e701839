const express = require('express');
const passport = require('passport');
const User = require('../models/User');

const router = express.Router();

router.post('/register', async (req, res) => {
  const user = await User.create({ email: req.body.email, password: req.body.password });
  res.status(201).json({ id: user.id });
});

router.post('/login', passport.authenticate('local', { failureRedirect: '/login' }), (req, res) => {
  res.json({ id: req.user.id });
});

module.exports = router;
