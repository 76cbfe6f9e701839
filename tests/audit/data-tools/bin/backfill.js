#!/usr/bin/env node
const { program } = require('commander');
const { Pool } = require('pg');

program.option('--batch <n>', 'rows per batch', '1000').parse();

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 4,
  connectionTimeoutMillis: 10_000,
  statement_timeout: 600_000,
});

async function main() {
  const batch = Number(program.opts().batch);
  let moved = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      'UPDATE orders SET total_cents = total * 100 WHERE id IN (SELECT id FROM orders WHERE total_cents IS NULL LIMIT $1)',
      [batch],
    );
    moved += rowCount;
    if (!rowCount) break;
  }
  console.log(`backfilled ${moved} rows`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
