const { Pool } = require('pg');
<!-- legacy
x = 1;
--> also legacy
