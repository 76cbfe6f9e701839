const pg = require('pg');

// connection settings come from the standard PG* environment variables
const pool = new pg.Pool(); // expect: RS101, RS102, RS103

module.exports = pool;
