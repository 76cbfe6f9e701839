import express from 'express';
import client from 'prom-client';
import { logger, pool, producer } from './infra';
import { importCsv, placeOrder } from './orders';

client.collectDefaultMetrics();
const app = express();
app.use(express.json());

app.get('/healthz', (_req, res) => res.send('ok'));
app.get('/metrics', async (_req, res) => res.type(client.register.contentType).send(await client.register.metrics()));
app.post('/orders', async (req, res) => res.status(201).json(await placeOrder(req.body.customerId, req.body.total)));
app.post('/orders/import', express.raw({ type: 'text/csv', limit: '5mb' }), async (req, res) => res.json({ imported: await importCsv(req.body) }));
app.get('/orders/:id/tracking', async (req, res) => {
  const r = await fetch(`${process.env.SHIPPING_URL}/track/${req.params.id}`, { signal: AbortSignal.timeout(3000) });
  res.json(await r.json());
});

async function main() {
  await producer.connect();
  const server = app.listen(Number(process.env.PORT ?? 3000), () => logger.info('orders up'));
  const stop = async () => {
    server.close();
    await producer.disconnect();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
