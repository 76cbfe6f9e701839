import express from 'express';
import winston from 'winston';
import { config } from './config';
import { pool, reportingPool } from './db/pool';
import { invoices } from './http/invoices';

const logger = winston.createLogger({ transports: [new winston.transports.Console()] });
const app = express();
app.use('/invoices', invoices);

const server = app.listen(config.port, () => logger.info(`billing on ${config.port}`));

async function shutdown() {
  server.close();
  await Promise.all([pool.end(), reportingPool.end()]);
  process.exit(0);
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
