const { Sequelize, DataTypes, Op } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false, pool: { max: 8 } });

const Asset = sequelize.define('Asset', {
  url: DataTypes.STRING,
  status: { type: DataTypes.STRING, defaultValue: 'new' },
  state: DataTypes.STRING,
});

module.exports = { sequelize, Asset, Op };
