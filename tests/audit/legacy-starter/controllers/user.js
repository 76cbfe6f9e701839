const crypto = require('crypto');
const passport = require('passport');
const User = require('../models/User');

exports.getLogin = (req, res) => res.render('account/login');

exports.postLogin = (req, res, next) => {
  passport.authenticate('local', (err, user) => {
    if (err) { return next(err); }
    if (!user) { return res.redirect('/login'); }
    req.logIn(user, (err) => (err ? next(err) : res.redirect('/')));
  })(req, res, next);
};

exports.logout = (req, res) => {
  req.logout();
  res.redirect('/');
};

exports.postForgot = async (req, res, next) => {
  try {
    const user = await User.findOne({ email: req.body.email });
    if (user) {
      user.passwordResetToken = crypto.randomBytes(16).toString('hex');
      user.passwordResetExpires = Date.now() + 3600000;
      await user.save();
    }
    res.redirect('/forgot');
  } catch (err) {
    next(err);
  }
};

exports.postReset = async (req, res, next) => {
  try {
    const user = await User.findOne({ passwordResetToken: req.params.token, passwordResetExpires: { $gt: Date.now() } });
    if (!user) { return res.redirect('back'); }
    user.password = req.body.password;
    await user.save();
    res.redirect('/');
  } catch (err) {
    next(err);
  }
};
exports.postUpdatePassword = (req, res) => res.redirect('/account');
