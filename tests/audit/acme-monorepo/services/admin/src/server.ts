import bcrypt from 'bcryptjs';
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.ADMIN_DATABASE_URL, max: 5 }); // expect: RS101, RS103, RS104

const app = express();
app.use(express.json());

app.post('/admin/login', async (req, res) => { // expect: RS501
  const { email, password } = req.body;
  const { rows } = await pool.query('SELECT id, password_hash FROM admins WHERE email = $1', [email]);
  if (!rows[0] || !bcrypt.compareSync(password, rows[0].password_hash)) { // expect: RS502
    return res.status(401).send('nope');
  }
  res.json({ ok: true });
});

app.get('/admin/stats', async (_req, res) => {
  const { rows } = await pool.query('SELECT count(*) FROM orders');
  res.json(rows[0]);
});

app.listen(process.env.PORT ?? 4100);
