import express from 'express';
import { database } from './db/database';
import api from './routes';

const app = express();
app.use(express.json());
app.use('/api/v1', api);

const server = app.listen(Number(process.env.PORT ?? 3000));

const stop = async () => {
  server.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
