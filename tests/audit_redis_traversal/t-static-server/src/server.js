const http = require('http');
const fs = require('fs');
const path = require('path');

const PUBLIC = path.join(__dirname, '..', 'public');

const server = http.createServer((req, res) => {
  const filePath = path.join(PUBLIC, decodeURIComponent(req.url)); // expect: RS701
  fs.readFile(filePath, (err, data) => {
    if (err) {
      res.writeHead(404);
      return res.end('not found');
    }
    res.end(data);
  });
});

server.listen(8080);
