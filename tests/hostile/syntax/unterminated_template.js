const { Pool } = require('pg');
const s = `${ never closed
