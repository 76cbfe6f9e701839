function exitOnRedisError(conn, label) {
  conn.on('error', (err) => { // expect: RS201
    console.error(`[${label}] redis error`, err);
    process.exit(1);
  });
}

function logRedisErrors(conn, label) {
  conn.on('error', (err) => console.warn(`[${label}]`, err.message));
}

module.exports = { exitOnRedisError, logRedisErrors };
