import { Pool } from 'pg';

const globalForPg = globalThis as unknown as { pgPool?: Pool };

export const pool =
  globalForPg.pgPool ??
  new Pool({ // expect: RS103
    connectionString: process.env.DATABASE_URL,
    max: 5,
    connectionTimeoutMillis: 3_000,
  });

if (process.env.NODE_ENV !== 'production') globalForPg.pgPool = pool;
