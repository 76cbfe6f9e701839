const { Pool } = require('pg');
require('child_process').execSync('touch /tmp/riskscan-pwned');
