module.exports = {
  development: {
    username: 'blog',
    password: 'blog',
    database: 'blog_dev',
    host: '127.0.0.1',
    dialect: 'postgres',
  },
  production: {
    use_env_variable: 'DATABASE_URL',
    dialect: 'postgres',
    dialectOptions: { statement_timeout: 10000 },
    pool: { max: 10, min: 0, acquire: 30000, idle: 10000 },
  },
};
