const { redis, logger } = require('./redis');

async function requestExport(docId) {
  await redis.rpush('exports', JSON.stringify({ docId, at: Date.now() }));
}

function startExportPoller(render) {
  return setInterval(async () => {
    const raw = await redis.lpop('exports'); // expect: RS302
    if (!raw) return;
    try {
      await render(JSON.parse(raw));
    } catch (err) {
      logger.error({ err }, 'export failed');
    }
  }, 1000);
}

module.exports = { requestExport, startExportPoller };
