import path from 'path';
import express from 'express';
import morgan from 'morgan';
import promBundle from 'express-prom-bundle';
import { createHttpTerminator } from 'http-terminator';
import { prisma } from './prisma';
import { renderQueue } from './jobs/queue';
import { createJob, failJob } from './jobs/service';

const app = express();
app.use(morgan('combined'));
app.use(promBundle({ includeMethod: true, includePath: true }));
app.use(express.json());
app.use('/assets', express.static(path.join(__dirname, '../dist/assets'), { maxAge: '1y', immutable: true }));
app.use(express.static(path.join(__dirname, '../public'))); // expect: RS904

app.get('/api/status', (_req, res) => res.json({ ok: true }));

app.post('/api/jobs', async (req, res) => {
  const job = await createJob(req.body.scene);
  console.log('created job', job.id); // expect: RS902
  res.status(202).json(job);
});

app.post('/api/jobs/:id/fail', async (req, res) => {
  await failJob(req.params.id, req.body.reason);
  res.sendStatus(204);
});

const server = app.listen(process.env.PORT ?? 8080);
const terminator = createHttpTerminator({ server });

process.on('SIGTERM', async () => {
  await terminator.terminate();
  await renderQueue.close();
  await prisma.$disconnect();
  process.exit(0);
});
