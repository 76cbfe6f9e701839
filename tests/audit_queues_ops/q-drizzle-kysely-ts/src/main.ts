import Fastify from 'fastify';
import underPressure from '@fastify/under-pressure';
import { kdb, sql } from './db/client.js';
import { cancel, complete, fail, reset, retry, start } from './jobs/repo.js';

const app = Fastify({ logger: true });

await app.register(underPressure, {
  maxEventLoopDelay: 1000,
  exposeStatusRoute: '/alive',
  healthCheck: async () => {
    await sql`select 1`;
    return true;
  },
});

app.post<{ Params: { id: string } }>('/jobs/:id/start', async (req) => ({ started: await start(req.params.id) }));
app.post<{ Params: { id: string } }>('/jobs/:id/complete', async (req) => complete(req.params.id));
app.post<{ Params: { id: string } }>('/jobs/:id/fail', async (req) => fail(req.params.id));
app.post<{ Params: { id: string } }>('/jobs/:id/cancel', async (req) => cancel(req.params.id));
app.post<{ Params: { id: string } }>('/jobs/:id/reset', async (req) => reset(req.params.id));
app.post<{ Body: { ids: string[] } }>('/jobs/retry', async (req) => retry(req.body.ids));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    app.log.info({ signal }, 'closing');
    await app.close();
    await sql.end({ timeout: 5 });
    await kdb.destroy();
    process.exit(0);
  });
}

await app.listen({ port: 3000, host: '0.0.0.0' }); // expect: RS906
