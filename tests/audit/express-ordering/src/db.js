const knex = require('knex');

module.exports = knex({ // expect: RS102, RS103, RS104
  client: 'pg',
  connection: {
    connectionString: process.env.DATABASE_URL,
    pool: { max: 20 },
  },
});
