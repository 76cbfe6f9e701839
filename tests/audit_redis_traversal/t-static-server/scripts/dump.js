// CLI: the argument comes from the operator, not from a request
const fs = require('fs');
const path = require('path');
const [, , name] = process.argv;
fs.writeFileSync(path.join(__dirname, 'out', name), JSON.stringify({ at: Date.now() }));
