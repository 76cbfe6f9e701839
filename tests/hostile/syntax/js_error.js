const { Pool } = require('pg');
function ( {{{ 
 new Pool(