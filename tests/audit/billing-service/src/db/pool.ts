import { Pool } from 'pg';
import { config } from '../config';

export const pool = new Pool(config.db); // expect: RS101, RS103

// Month-end reports may legitimately run for a minute.
export const reportingPool = new Pool({
  ...config.db,
  max: 2,
  statement_timeout: 60_000,
  connectionTimeoutMillis: 10_000,
});
