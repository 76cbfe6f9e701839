import bcrypt from 'bcrypt';
import { Router } from 'express';
import { pool } from '@acme/db';
import { failedByUsername } from '../middleware/limits';

const router = Router();

router.post('/login', async (req, res) => {
  const { username, password } = req.body;
  const state = await failedByUsername.get(username);
  if (state && state.remainingPoints <= 0) return res.status(429).json({ error: 'account temporarily locked' });
  const { rows } = await pool.query('SELECT id, password_hash FROM accounts WHERE username = $1', [username]);
  const ok = rows[0] && (await bcrypt.compare(password, rows[0].password_hash));
  if (!ok) {
    await failedByUsername.consume(username);
    return res.status(401).json({ error: 'invalid credentials' });
  }
  await failedByUsername.delete(username);
  res.json({ id: rows[0].id });
});

router.post('/sessions', async (req, res) => {
  res.status(201).json({ ok: true });
});

export default router;
