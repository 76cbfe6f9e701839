import argon2 from 'argon2';
import type { FastifyInstance } from 'fastify';

interface LoginBody {
  email: string;
  password: string;
}

export default async function authRoutes(fastify: FastifyInstance) {
  fastify.post<{ Body: LoginBody }>(
    '/login',
    { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const [rows] = await fastify.db.query('SELECT id, password_hash FROM users WHERE email = ?', [request.body.email]);
      const user = (rows as Array<{ id: number; password_hash: string }>)[0];
      if (!user || !(await argon2.verify(user.password_hash, request.body.password))) { // expect: RS502
        return reply.code(401).send({ error: 'invalid credentials' });
      }
      return { token: fastify.jwt?.sign({ sub: user.id }) };
    },
  );

  fastify.post<{ Body: { email: string } }>('/password/reset', async (request, reply) => { // expect: RS501
    await fastify.db.query('INSERT INTO reset_requests (email) VALUES (?)', [request.body.email]);
    return reply.code(202).send();
  });

  fastify.post('/logout', async (_request, reply) => reply.code(204).send());
}
