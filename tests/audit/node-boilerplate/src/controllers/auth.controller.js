const httpStatus = require('http-status');
const authService = require('../services/auth.service');

const login = async (req, res) => {
  const { email, password } = req.body;
  const user = await authService.loginUserWithEmailAndPassword(email, password);
  res.send({ user });
};

const forgotPassword = async (req, res) => {
  res.status(httpStatus.NO_CONTENT).send();
};

const resetPassword = async (req, res) => {
  res.status(httpStatus.NO_CONTENT).send();
};

const logout = async (req, res) => {
  res.status(httpStatus.NO_CONTENT).send();
};

module.exports = { login, forgotPassword, resetPassword, logout };
