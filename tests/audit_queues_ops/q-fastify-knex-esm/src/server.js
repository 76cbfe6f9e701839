import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import metricsPlugin from 'fastify-metrics';
import closeWithGrace from 'close-with-grace';
import { db } from './db.js';
import health from './plugins/health.js';
import taskRoutes from './routes/tasks.js';

const __dirname = path.dirname(fileURLToPath(import.meta.url));

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
app.decorate('db', db);

await app.register(metricsPlugin, { endpoint: '/metrics' });
await app.register(health, { prefix: '/_' });
await app.register(fastifyStatic, { root: path.join(__dirname, '..', 'public'), prefix: '/assets/' }); // expect: RS904
await app.register(fastifyStatic, {
  root: path.join(__dirname, '..', 'uploads'),
  prefix: '/uploads/',
  decorateReply: false,
  maxAge: '7d',
  immutable: true,
});
await app.register(taskRoutes, { prefix: '/api' });

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error(err);
  await app.close();
  await db.destroy();
});

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });
