const crypto = require('crypto');
const jwt = require('jsonwebtoken');

function checkApiKey(presented) {
  const expected = Buffer.from(process.env.FEED_API_KEY || '');
  const got = Buffer.from(presented || '');
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
}

function verifyToken(token) {
  return jwt.verify(token, process.env.JWT_SECRET);
}

module.exports = { checkApiKey, verifyToken };
