import bcrypt from 'bcryptjs';
import type { NextApiRequest, NextApiResponse } from 'next';
import { pool } from '../../../lib/db';
import rateLimit from '../../../lib/rate-limit';

const limiter = rateLimit({ interval: 60_000, uniqueTokenPerInterval: 500 });

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const ip = (req.headers['x-forwarded-for'] as string) ?? req.socket.remoteAddress ?? 'unknown';
  try {
    await limiter.check(res, 10, ip);
  } catch {
    return res.status(429).json({ error: 'rate limited' });
  }
  const { email, password } = req.body;
  const { rows } = await pool.query('SELECT id, password_hash FROM users WHERE email = $1', [email]);
  const user = rows[0];
  const valid = user ? await bcrypt.compare(password, user.password_hash) : false; // expect: RS502
  if (!valid) return res.status(401).json({ error: 'invalid credentials' });
  res.status(200).json({ id: user.id });
}
