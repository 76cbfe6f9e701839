// Knex configuration, one entry per NODE_ENV.
module.exports = {
  development: {
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      user: 'shop',
      password: 'shop',
      database: 'shop_dev',
    },
    pool: { min: 2, max: 10 },
    migrations: { directory: './migrations' },
  },

  production: {
    client: 'pg',
    connection: process.env.DATABASE_URL,
    pool: { min: 2, max: 20 },
    acquireConnectionTimeout: 10000,
    migrations: { directory: './migrations' },
  },
};
