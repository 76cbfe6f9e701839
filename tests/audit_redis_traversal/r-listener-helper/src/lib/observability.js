const logger = require('./logger');

function watchRedis(conn, label) {
  conn.on('error', (err) => logger.warn({ err, label }, 'redis connection error'));
  conn.on('reconnecting', () => logger.info({ label }, 'redis reconnecting'));
  return conn;
}

module.exports = { watchRedis };
