const express = require('express');
const { QueryTypes } = require('sequelize');
const db = require('../models');
const analytics = require('../analytics/db');

const router = express.Router();

router.get('/', async (req, res) => {
  res.json(await db.Post.findAll({ limit: 20, order: [['id', 'DESC']] }));
});

router.get('/popular', async (req, res) => {
  res.json(await analytics.query('SELECT post_id, views FROM post_views ORDER BY views DESC LIMIT 10', { type: QueryTypes.SELECT }));
});

module.exports = router;
