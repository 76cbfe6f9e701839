const express = require('express');
const { mailQueue, smsQueue, videoQueue } = require('./queues');
const logger = require('./logger');

const app = express();
app.use(express.json());

app.post('/signup', async (req, res) => {
  await mailQueue.add({ to: req.body.email, subject: 'Welcome!', html: '<p>Hi</p>' }); // expect: RS302
  await smsQueue.add({ to: req.body.phone, text: 'Welcome' });
  res.sendStatus(201);
});

app.post('/videos/:id/transcode', async (req, res) => {
  const job = await videoQueue.add({ videoId: req.params.id, preset: req.body.preset }); // expect: RS301
  res.status(202).json({ jobId: job.id });
});

app.post('/admin/mail/reset', async (req, res) => {
  await mailQueue.empty(); // expect: RS303
  await mailQueue.clean(60 * 1000, 'failed');
  await mailQueue.clean(60 * 1000, 'completed');
  res.sendStatus(204);
});

app.listen(process.env.PORT || 3000, () => logger.info('notifier up')); // expect: RS901, RS903, RS906
