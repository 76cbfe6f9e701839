import { Router } from 'express';
import { pool } from '../db';
import { reportsQueue } from '../queues';
import { logger } from '@acme/shared';

export const reportsRouter = Router();

reportsRouter.post('/', async (req, res, next) => {
  try {
    const { rows } = await pool.query( // expect: RS601
      'INSERT INTO reports (account_id, kind, status) VALUES ($1, $2, $3) RETURNING id',
      [req.user.accountId, req.body.kind, 'queued'],
    );
    await reportsQueue.add('build', { reportId: rows[0].id }); // expect: RS302
    logger.info({ reportId: rows[0].id }, 'report queued');
    res.status(202).json({ id: rows[0].id });
  } catch (err) {
    next(err);
  }
});

reportsRouter.get('/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, status, url FROM reports WHERE id = $1', [req.params.id]);
  if (!rows.length) return res.sendStatus(404);
  res.json(rows[0]);
});
