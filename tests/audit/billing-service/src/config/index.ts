import type { PoolConfig } from 'pg';

export interface AppConfig {
  port: number;
  db: PoolConfig;
}

export const config: AppConfig = {
  port: Number(process.env.PORT ?? 8080),
  db: {
    host: process.env.PGHOST ?? 'localhost',
    port: Number(process.env.PGPORT ?? 5432),
    database: process.env.PGDATABASE ?? 'billing',
    user: process.env.PGUSER ?? 'billing',
    password: process.env.PGPASSWORD,
    max: Number(process.env.PG_POOL_MAX ?? 10),
    idleTimeoutMillis: 30_000,
  },
};
