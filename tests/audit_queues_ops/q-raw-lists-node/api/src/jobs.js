const express = require('express');
const { pool, redisClient } = require('./clients');
const { JOBS_PENDING, JOBS_PLANNING, activityKey, MAX_ACTIVITY, MAX_BACKLOG } = require('../../lib/keys');

const router = express.Router();

router.post('/jobs', async (req, res) => {
  const { type, payload } = req.body;
  const result = await pool.query( // expect: RS601
    'INSERT INTO jobs (type, payload, status) VALUES ($1, $2, $3) RETURNING id',
    [type, JSON.stringify(payload), 'pending']
  );
  const job = { id: result.rows[0].id, type, payload };
  await redisClient.lPush(JOBS_PENDING, JSON.stringify(job));
  await redisClient.lTrim(JOBS_PENDING, 0, MAX_BACKLOG - 1); // expect: RS303
  await recordActivity(req.user.id, { kind: 'job.created', jobId: job.id });
  console.log(`[API] job ${job.id} queued`);
  res.status(202).json({ id: job.id });
});

router.post('/jobs/:id/plan', async (req, res) => {
  await redisClient.rPush(JOBS_PLANNING, JSON.stringify({ jobId: req.params.id })); // expect: RS301
  res.status(202).end();
});

async function recordActivity(userId, event) {
  await redisClient.lPush(activityKey(userId), JSON.stringify({ ...event, at: Date.now() }));
  await redisClient.lTrim(activityKey(userId), 0, MAX_ACTIVITY - 1);
}

router.get('/activity', async (req, res) => {
  const items = await redisClient.lRange(activityKey(req.user.id), 0, MAX_ACTIVITY - 1);
  res.json(items.map((i) => JSON.parse(i)));
});

module.exports = router;
