import express from 'express';
import { closePool } from '@acme/db';
import { authLimiter } from './middleware/limits';
import authRouter from './routes/auth';

const app = express();
app.use(express.json());
app.use('/auth', authLimiter, authRouter);

const server = app.listen(process.env.PORT ?? 4000);

process.on('SIGTERM', () => {
  server.close(() => {
    void closePool().then(() => process.exit(0));
  });
});
