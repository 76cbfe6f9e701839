const logger = console;

function die(err) {
  logger.error('fatal', err);
  process.exit(1);
}

module.exports = { die };
