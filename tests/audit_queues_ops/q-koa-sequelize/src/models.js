const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL, {
  logging: false,
  pool: { max: 10, acquire: 20000 },
  dialectOptions: { statement_timeout: 10000 },
});

const Order = sequelize.define('Order', {
  customerId: DataTypes.INTEGER,
  total: DataTypes.DECIMAL,
  status: { type: DataTypes.STRING, defaultValue: 'pending' },
});

module.exports = { sequelize, Order };
