const mysql = require('mysql2/promise');

const pool = mysql.createPool({
  host: process.env.MYSQL_HOST,
  user: process.env.MYSQL_USER,
  password: process.env.MYSQL_PASSWORD,
  database: 'accounts',
  connectionLimit: Number(process.env.MYSQL_POOL || 10),
});

module.exports = pool;
