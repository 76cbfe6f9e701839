const http = require('http');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', 'public');

http.createServer((req, res) => {
  const target = path.resolve(ROOT, '.' + decodeURIComponent(req.url.split('?')[0]));
  if (target !== ROOT && !target.startsWith(ROOT + path.sep)) {
    res.writeHead(403);
    return res.end();
  }
  fs.createReadStream(target).on('error', () => res.end()).pipe(res);
}).listen(8081);
