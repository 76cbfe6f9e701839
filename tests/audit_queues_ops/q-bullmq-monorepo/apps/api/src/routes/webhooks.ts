import { Router } from 'express';
import { webhooksQueue, emailQueue } from '../queues';

export const webhooksRouter = Router();

webhooksRouter.post('/test', async (req, res) => {
  const job = await webhooksQueue.add('deliver', { // expect: RS301
    endpointId: req.body.endpointId,
    event: 'ping',
  });
  res.status(202).json({ jobId: job.id });
});

webhooksRouter.post('/invite', async (req, res) => {
  await emailQueue.add('invite', { to: req.body.email, template: 'invite' });
  res.sendStatus(202);
});
