import fp from 'fastify-plugin';
import mysql, { Pool } from 'mysql2/promise';

declare module 'fastify' {
  interface FastifyInstance {
    db: Pool;
  }
}

export default fp(async (fastify) => {
  const pool = mysql.createPool({ // expect: RS102
    uri: process.env.DATABASE_URL,
    waitForConnections: true,
    queueLimit: 0,
    enableKeepAlive: true,
  });

  fastify.decorate('db', pool);
  fastify.addHook('onClose', async () => {
    await pool.end();
  });
});
