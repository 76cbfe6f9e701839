const express = require('express');
const session = require('express-session');
const mongoose = require('mongoose');
const passport = require('passport');
const rateLimit = require('express-rate-limit');

require('./config/passport')(passport);

const app = express();
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());

app.post('/auth/sign-in', passport.authenticate('local'), (req, res) => { // expect: RS501
  res.json({ id: req.user.id });
});

app.use('/users', rateLimit({ windowMs: 60_000, limit: 30 }), require('./routes/users'));

// everything below is rate limited
app.use(rateLimit({ windowMs: 60_000, limit: 600 }));

app.get('/me', (req, res) => res.json(req.user || null));

mongoose.connect(process.env.MONGO_URL).then(() => app.listen(process.env.PORT || 3000));
