const { WebSocketServer } = require('ws');
const { keepAlive } = require('./keepalive');

const MAX_AGENTS = 200;

const agents = new WebSocketServer({
  port: 8090,
  maxPayload: 4 << 20,
  verifyClient: (info, done) => {
    if (agents.clients.size >= MAX_AGENTS) return done(false, 503, 'agent capacity reached');
    done(true);
  },
});
keepAlive(agents);

module.exports = { agents };
