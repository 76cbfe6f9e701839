import got from 'got';
import { db } from '../db.js';

export default async function taskRoutes(app) {
  app.post('/tasks/:id/cancel', async (req) => {
    await db('tasks').where({ id: req.params.id }).update({ status: 'cancelled', updated_at: db.fn.now() }); // expect: RS304
    return { ok: true };
  });

  app.post('/tasks/:id/complete', async (req, reply) => {
    const n = await db('tasks')
      .where({ id: req.params.id, status: 'running' })
      .update({ status: 'done', finished_at: db.fn.now() });
    if (n === 0) return reply.code(409).send({ error: 'task is not running' });
    return { ok: true };
  });

  app.post('/tasks/:id/fail', async (req) => {
    await db('tasks')
      .where('id', req.params.id)
      .whereNot('status', 'done')
      .update({ status: 'failed', error: req.body.error });
    return { ok: true };
  });

  app.post('/tasks/:id/touch', async (req) => {
    await db('tasks').where({ id: req.params.id }).update({ updated_at: db.fn.now() });
    return { ok: true };
  });

  app.post('/tasks/:id/notify', async (req) => {
    const task = await db('tasks').where({ id: req.params.id }).first();
    await got.post(task.callback_url, { json: { id: task.id, status: task.status } }); // expect: RS905
    await got.post(`${process.env.AUDIT_URL}/events`, { json: { task: task.id }, timeout: { request: 3000 } });
    return { ok: true };
  });
}
