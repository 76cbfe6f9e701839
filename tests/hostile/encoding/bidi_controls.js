const { Pool } = require('pg');
const s = '‮⁦abc⁩';
// ​‍
