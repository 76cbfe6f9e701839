import fp from 'fastify-plugin';

async function health(app) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    await app.db.raw('select 1');
    return { status: 'ready' };
  });
}

export default fp(health, { name: 'health' });
