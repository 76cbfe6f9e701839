// Usage: DATABASE_URL=... node scripts/export-users.js > users.csv
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL }); // a one-off script run by hand: pool budgets (RS101-RS103) do not apply

(async () => {
  const { rows } = await pool.query('SELECT id, email, created_at FROM users ORDER BY id');
  for (const r of rows) process.stdout.write(`${r.id},${r.email},${r.created_at.toISOString()}\n`);
  process.exit(0);
})();
