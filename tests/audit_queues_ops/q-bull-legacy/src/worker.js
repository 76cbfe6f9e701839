const nodemailer = require('nodemailer');
const { mailQueue, smsQueue } = require('./queues');
const logger = require('./logger');

const transport = nodemailer.createTransport(process.env.SMTP_URL);

mailQueue.process(5, async (job) => {
  await transport.sendMail({ to: job.data.to, subject: job.data.subject, html: job.data.html });
});

smsQueue.process(async (job) => {
  logger.info('sms', { to: job.data.to });
});

mailQueue.on('failed', (job, err) => logger.error('mail failed', { id: job.id, err: err.message }));

process.on('SIGTERM', async () => {
  await Promise.all([mailQueue.close(), smsQueue.close()]);
  process.exit(0);
});
