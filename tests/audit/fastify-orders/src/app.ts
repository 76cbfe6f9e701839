import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import dbPlugin from './plugins/db.js';
import authRoutes from './routes/auth.js';
import orderRoutes from './routes/orders.js';
import liveRoutes from './routes/live.js';

export async function buildApp() {
  const app = Fastify({ logger: true, trustProxy: true });

  // limits are opted into per route (config.rateLimit)
  await app.register(rateLimit, { global: false, max: 100, timeWindow: '1 minute' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } }); // expect: RS401, RS402
  await app.register(dbPlugin);

  await app.register(authRoutes, { prefix: '/auth' });
  await app.register(orderRoutes, { prefix: '/orders' });
  await app.register(liveRoutes);

  return app;
}
