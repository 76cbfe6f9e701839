const { Sequelize } = require('sequelize');

const analytics = new Sequelize(process.env.ANALYTICS_DATABASE_URL, { // expect: RS101, RS103, RS104
  dialect: 'postgres',
  logging: false,
  pool: { max: 5, min: 0, acquire: 0, idle: 10000 },
});

module.exports = analytics;
