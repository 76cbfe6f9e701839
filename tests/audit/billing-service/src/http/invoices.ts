import { Router } from 'express';
import { pool } from '../db/pool';

export const invoices = Router();

invoices.get('/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM invoices WHERE id = $1', [req.params.id]);
  if (!rows.length) return res.sendStatus(404);
  res.json(rows[0]);
});
