const { Pool } = require('pg');
{ using res = getResource(); await using conn = await pool.connect(); }
