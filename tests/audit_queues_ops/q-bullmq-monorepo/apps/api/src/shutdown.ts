import type { Server } from 'http';
import { pool } from './db';
import { allQueues } from './queues';
import { logger } from '@acme/shared';

export function registerShutdown(server: Server) {
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    await Promise.all(allQueues.map((q) => q.close()));
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
