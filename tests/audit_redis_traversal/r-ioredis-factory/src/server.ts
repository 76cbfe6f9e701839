import Fastify from 'fastify';
import { cached } from './cache';
import { hit } from './rate-limit';

const app = Fastify();
app.get('/items', async (req) => {
  await hit(req.ip);
  return cached('items', 30, async () => [1, 2, 3]);
});
app.listen({ port: 3000 });
