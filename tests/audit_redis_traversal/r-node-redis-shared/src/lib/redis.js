const { createClient } = require('redis');

// shared client; the 'error' listener is attached by the server at start-up
const client = createClient({ url: process.env.REDIS_URL });

module.exports = { client };
