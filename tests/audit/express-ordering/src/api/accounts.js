const express = require('express');
const db = require('../db');

const router = express.Router();

router.post('/sessions', async (req, res) => {
  const user = await db('users').where({ email: req.body.email }).first();
  res.status(user ? 201 : 401).end();
});

router.all('/password/reset', async (req, res) => {
  res.status(202).end();
});

module.exports = router;
