const { WebSocketServer } = require('ws');
const jwt = require('jsonwebtoken');
const { keepAlive } = require('./keepalive');

function verifyClient(info, done) {
  const token = info.req.headers['sec-websocket-protocol'];
  try {
    info.req.user = jwt.verify(token, process.env.JWT_SECRET);
    done(true);
  } catch {
    done(false, 401, 'Unauthorized');
  }
}

const publicWss = new WebSocketServer({ port: 8080, verifyClient, maxPayload: 1 << 20 }); // expect: RS402
keepAlive(publicWss);

module.exports = { publicWss };
