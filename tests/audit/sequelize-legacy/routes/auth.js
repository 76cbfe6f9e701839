var express = require('express');
var ExpressBrute = require('express-brute');
var bcrypt = require('bcrypt');
var db = require('../models');

var store = new ExpressBrute.MemoryStore();
var bruteforce = new ExpressBrute(store, { freeRetries: 5 });
var router = express.Router();

router.post('/login', bruteforce.prevent, function (req, res, next) {
  db.User.findOne({ where: { login: req.body.login } })
    .then(function (user) {
      if (!user) return res.sendStatus(401);
      return bcrypt.compare(req.body.password, user.hash).then(function (ok) {
        res.sendStatus(ok ? 200 : 401);
      });
    })
    .catch(next);
});

module.exports = router;
