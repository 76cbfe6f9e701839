const express = require('express');
const axios = require('axios');
const pool = require('../db');

const router = express.Router();

router.get('/', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM orders ORDER BY created_at DESC LIMIT 50');
  res.json(rows);
});

router.put('/:id/status', async (req, res) => {
  try {
    const { status } = req.body;
    const result = await pool.query(
      'UPDATE orders SET status = $1, updated_at = NOW() WHERE id = $2 RETURNING *', // expect: RS304
      [status, req.params.id]
    );
    if (status === 'shipped') {
      await fetch(process.env.SLACK_WEBHOOK_URL, { // expect: RS905
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: `Order ${req.params.id} shipped` }),
      });
    }
    res.json(result.rows[0]);
  } catch (err) {
    console.error(err);
    res.status(500).json({ error: 'Internal server error' });
  }
});

router.get('/:id/stock', async (req, res) => {
  try {
    const { data } = await axios.get(`${process.env.INVENTORY_URL}/items/${req.params.id}`); // expect: RS905
    res.json(data);
  } catch (err) {
    console.error('inventory lookup failed', err.message);
    res.status(502).json({ error: 'inventory unavailable' });
  }
});

module.exports = router;
