const { start } = require('./redis');
start().then(() => require('./http').listen(3000));
