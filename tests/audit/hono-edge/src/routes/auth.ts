import bcrypt from 'bcryptjs';
import { Hono } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { sql } from '../db';

export const auth = new Hono();

const loginLimiter = rateLimiter({ windowMs: 15 * 60 * 1000, limit: 10, keyGenerator: (c) => c.req.header('x-forwarded-for') ?? 'anon' });

auth.post('/login', loginLimiter, async (c) => {
  const { email, password } = await c.req.json();
  const [user] = await sql`SELECT id, password_hash FROM users WHERE email = ${email}`;
  if (!user || !(await bcrypt.compare(password, user.password_hash))) return c.json({ error: 'invalid' }, 401); // expect: RS502
  return c.json({ id: user.id });
});

auth.post('/password/forgot', async (c) => { // expect: RS501
  const { email } = await c.req.json();
  await sql`INSERT INTO reset_requests (email) VALUES (${email})`;
  return c.body(null, 202);
});
