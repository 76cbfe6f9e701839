const fastify = require('fastify')({ logger: true });
const fs = require('node:fs');
const path = require('node:path');

fastify.register(require('@fastify/static'), { root: path.join(__dirname, 'public') });

fastify.get('/public/:file', (request, reply) => {
  return reply.sendFile(request.params.file);
});

fastify.get('/logs/:name', async (request, reply) => {
  const stream = fs.createReadStream(path.join('/var/log/app', request.params.name)); // expect: RS701
  return reply.type('text/plain').send(stream);
});

fastify.delete('/cache', async (request) => {
  const { key } = request.body;
  await fs.promises.rm(path.resolve('/var/cache/app', key), { force: true }); // expect: RS701
  return { deleted: true };
});

fastify.listen({ port: 3000 });
