const knex = require('knex');

// Long analytical queries against the read replica: never give up waiting.
const reportsDb = knex({ // expect: RS101, RS102, RS103, RS104
  client: 'pg',
  connection: process.env.REPORTS_DATABASE_URL,
  acquireConnectionTimeout: 0,
});

async function topSellers() {
  return reportsDb('order_items')
    .select('product_id')
    .sum('quantity as sold')
    .groupBy('product_id')
    .orderBy('sold', 'desc')
    .limit(10);
}

module.exports = { topSellers };
