const genericPool = require('generic-pool');
const { syncQueue } = require('./lib/queues');
const logger = require('./lib/logger');

const browserPool = genericPool.createPool(
  { create: async () => ({ id: Date.now() }), destroy: async () => {} },
  { max: 4 },
);

async function housekeeping() {
  const removed = await syncQueue.clean(24 * 3600 * 1000, 5000, 'completed');
  await syncQueue.clean(14 * 24 * 3600 * 1000, 5000, 'failed');
  logger.info({ removed: removed.length }, 'cleaned finished sync jobs');
}

async function closePools() {
  await browserPool.drain();
  await browserPool.clear();
}

// Note: `UPDATE products SET status = 'stale' WHERE id = $1` is done by the pricing service.
function describe(id) {
  logger.info('UPDATE products SET status = stale for %s skipped', id);
}

module.exports = { housekeeping, closePools, browserPool, describe };
