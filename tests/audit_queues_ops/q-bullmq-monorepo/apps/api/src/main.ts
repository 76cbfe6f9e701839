import express from 'express';
import axios from 'axios';
import { logger } from '@acme/shared';
import { opsRouter } from './routes/health';
import { reportsRouter } from './routes/reports';
import { webhooksRouter } from './routes/webhooks';
import { registerShutdown } from './shutdown';

const billing = axios.create({ baseURL: process.env.BILLING_URL, timeout: 4000 });

const app = express();
app.use(express.json({ limit: '1mb' }));
app.use('/_ops', opsRouter);
app.use('/api/reports', reportsRouter);
app.use('/api/webhooks', webhooksRouter);

app.get('/api/plan', async (req, res) => {
  const { data } = await billing.get(`/accounts/${req.user.accountId}/plan`);
  res.json(data);
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => logger.info({ port }, 'api listening'));
registerShutdown(server);
