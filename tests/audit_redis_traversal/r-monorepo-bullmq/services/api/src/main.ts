import express from 'express';
import { ordersQueue } from '@shop/queue';

const app = express();
app.post('/orders', async (_req, res) => {
  await ordersQueue.add('created', { at: Date.now() });
  res.status(202).end();
});
app.listen(3000);
