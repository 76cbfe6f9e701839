const express = require('express');
const db = require('../db/pool');

const router = express.Router();

router.get('/:id', async (req, res) => {
  const { rows } = await db.query('SELECT id, email FROM users WHERE id = $1', [req.params.id]);
  if (!rows.length) return res.sendStatus(404);
  res.json(rows[0]);
});

module.exports = router;
