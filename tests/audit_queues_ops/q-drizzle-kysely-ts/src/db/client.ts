import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export const sql = postgres(process.env.DATABASE_URL!, { max: 10, connect_timeout: 10 });
export const db = drizzle(sql);

export const kdb = new Kysely<any>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 }) }),
});
