import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  failed_login_attempts: number;
  locked_until: Date | null;
}

@Injectable()
export class UsersService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async findByEmail(email: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
    return rows[0] ?? null;
  }

  async recordFailedLogin(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE users SET failed_login_attempts = failed_login_attempts + 1,
         locked_until = CASE WHEN failed_login_attempts + 1 >= 5 THEN now() + interval '15 minutes' END
       WHERE id = $1`,
      [id],
    );
  }

  async resetFailedLogins(id: string): Promise<void> {
    await this.pool.query('UPDATE users SET failed_login_attempts = 0, locked_until = NULL WHERE id = $1', [id]);
  }
}
