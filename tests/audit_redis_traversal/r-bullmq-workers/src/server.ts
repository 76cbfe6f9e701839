import express from 'express';
import { emailQueue } from './queues';

const app = express();
app.use(express.json());
app.post('/signup', async (req, res) => {
  await emailQueue.add('welcome', { to: req.body.email });
  res.status(202).end();
});

const server = app.listen(3000);
server.on('error', (err) => {
  console.error('cannot bind', err);
  process.exit(1);
});
