const { Pool } = require('pg');
const s = 'ÿşúÃ(';
