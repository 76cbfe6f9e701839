const passport = require('passport');

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

exports.postForgot = (req, res) => res.redirect('/forgot');
exports.postReset = (req, res) => res.redirect('/');
exports.postUpdatePassword = (req, res) => res.redirect('/account');
