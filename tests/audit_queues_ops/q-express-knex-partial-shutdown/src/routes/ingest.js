const { Router } = require('express');
const axios = require('axios');
const fetch = require('node-fetch');
const { db, redis, logger } = require('../infra');

const router = Router();
const INGEST_QUEUE = 'ingest:pending';

router.post('/batches', async (req, res) => {
  const id = await db.transaction(async (trx) => {
    const [row] = await trx('batches').insert({ source: req.body.source, status: 'pending' }).returning('id'); // expect: RS601
    await redis.lpush(INGEST_QUEUE, JSON.stringify({ batchId: row.id }));
    return row.id;
  });
  logger.info({ id }, 'batch accepted');
  res.status(202).json({ id });
});

router.post('/batches/:id/enrich', async (req, res) => {
  const { data } = await axios({ method: 'post', url: `${process.env.ENRICH_URL}/enrich`, data: req.body }); // expect: RS905
  const geo = await fetch(`${process.env.GEO_URL}/lookup?ip=${req.ip}`, { timeout: 3000 });
  res.json({ ...data, geo: await geo.json() });
});

module.exports = router;
