// Usage: DATABASE_URL=... node scripts/export-users.js > users.csv
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // expect: RS101, RS102, RS103

(async () => {
  const { rows } = await pool.query('SELECT id, email, created_at FROM users ORDER BY id');
  for (const r of rows) process.stdout.write(`${r.id},${r.email},${r.created_at.toISOString()}\n`);
  process.exit(0);
})();
