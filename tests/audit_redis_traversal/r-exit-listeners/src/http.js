module.exports = require('http').createServer((req, res) => res.end('ok'));
