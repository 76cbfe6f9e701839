const express = require('express');
const { search } = require('../lib/pools');

const router = express.Router();

router.post('/authors', async (req, res) => {
  const r = await search.index({ index: 'authors', document: req.body });
  res.status(201).json({ id: r._id });
});

router.get('/login', (req, res) => res.redirect('/static/login.html'));
router.post('/auth/logout', (req, res) => res.status(204).end());
router.post('/token/refresh', (req, res) => res.status(501).end());
router.post('/push/token', (req, res) => res.status(204).end());
router.post('/authorize/callback', (req, res) => res.status(204).end());

module.exports = router;
