const { Pool } = require('pg');
const pool = new Pool({ max: 5 });
module.exports = pool;
