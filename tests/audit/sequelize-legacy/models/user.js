module.exports = function (sequelize, DataTypes) {
  return sequelize.define('User', { login: DataTypes.STRING, hash: DataTypes.STRING });
};
