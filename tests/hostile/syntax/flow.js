// @flow
const { Pool } = require('pg');
type Row = {| id: number |};
function get(id: number): ?Row { return null; }
const pool = new Pool({ max: 5 });
