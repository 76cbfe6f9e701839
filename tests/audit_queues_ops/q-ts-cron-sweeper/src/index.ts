import cron from 'node-cron';
import { log } from './log.js';
import { archiveDone, failTimedOut, requeueStalled } from './sweeps.js';

cron.schedule('* * * * *', async () => { // expect: RS901, RS906
  try {
    const requeued = await requeueStalled();
    const failed = await failTimedOut();
    log.info({ requeued, failed }, 'sweep finished');
  } catch (err) {
    log.error({ err }, 'sweep failed');
  }
});

cron.schedule('0 3 * * *', () => archiveDone().catch((err) => log.error({ err }, 'archive failed')));

log.info('janitor scheduled');
