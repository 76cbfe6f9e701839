import { Router } from 'express';
import { pool } from '../db';
import { registry } from '@acme/shared';

export const opsRouter = Router();

opsRouter.get('/healthz', (_req, res) => res.json({ ok: true }));

opsRouter.get('/readyz', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    res.json({ ok: true });
  } catch (err) {
    res.status(503).json({ ok: false });
  }
});

opsRouter.get('/metrics', async (_req, res) => {
  res.set('Content-Type', registry.contentType);
  res.end(await registry.metrics());
});
