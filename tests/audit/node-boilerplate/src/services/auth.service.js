const httpStatus = require('http-status');
const User = require('../models/user.model');

const loginUserWithEmailAndPassword = async (email, password) => {
  const user = await User.findOne({ email });
  if (!user || !(await user.isPasswordMatch(password))) {
    const err = new Error('Incorrect email or password');
    err.statusCode = httpStatus.UNAUTHORIZED;
    throw err;
  }
  return user;
};

module.exports = { loginUserWithEmailAndPassword };
