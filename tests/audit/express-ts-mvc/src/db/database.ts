import { Pool, QueryResultRow } from 'pg';

class Database {
  private pool: Pool;

  constructor() {
    this.pool = new Pool({ // expect: RS101
      connectionString: process.env.DATABASE_URL,
      max: Number(process.env.DB_MAX_CONNECTIONS ?? 10),
    });
    this.pool.on('connect', (client) => {
      void client.query('SET statement_timeout = 30000');
    });
  }

  async query<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query<T>(sql, params);
    return result.rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export const database = new Database();
