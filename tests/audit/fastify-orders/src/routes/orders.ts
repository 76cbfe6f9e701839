import type { FastifyInstance } from 'fastify';

export default async function orderRoutes(fastify: FastifyInstance) {
  fastify.get('/', async () => {
    const [rows] = await fastify.db.query('SELECT id, status FROM orders ORDER BY id DESC LIMIT 50');
    return rows;
  });
}
