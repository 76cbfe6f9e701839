const { Router } = require('express');
const { db } = require('../infra');

const router = Router();
router.get('/', async (req, res) => {
  await db.raw('select 1');
  res.json({ status: 'ok' });
});

module.exports = router;
