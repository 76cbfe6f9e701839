import bcrypt from 'bcrypt';
import type { Request, Response } from 'express';
import { database } from '../db/database';

interface AccountRow {
  id: number;
  password_hash: string;
  failed_attempts: number;
}

export class AuthController {
  login = async (req: Request, res: Response) => {
    const [account] = await database.query<AccountRow>('SELECT id, password_hash, failed_attempts FROM accounts WHERE email = $1', [req.body.email]);
    if (!account || account.failed_attempts >= 5) return res.status(401).json({ error: 'invalid credentials' });
    if (!(await bcrypt.compare(req.body.password, account.password_hash))) {
      await database.query('UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE id = $1', [account.id]);
      return res.status(401).json({ error: 'invalid credentials' });
    }
    await database.query('UPDATE accounts SET failed_attempts = 0 WHERE id = $1', [account.id]);
    res.json({ id: account.id });
  };

  resetPassword = async (_req: Request, res: Response) => {
    res.status(202).end();
  };

  verifyTwoFactor = async (_req: Request, res: Response) => {
    res.json({ ok: true });
  };
}

export const authController = new AuthController();
