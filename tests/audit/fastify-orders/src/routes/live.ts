import type { FastifyInstance } from 'fastify';

export default async function liveRoutes(fastify: FastifyInstance) {
  fastify.get('/live/orders', { websocket: true }, (socket, _req) => {
    socket.on('message', (msg: Buffer) => {
      socket.send(JSON.stringify({ echo: msg.toString() }));
    });
  });
}
