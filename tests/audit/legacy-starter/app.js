const express = require('express');
const session = require('express-session');
const mongoose = require('mongoose');
const passport = require('passport');

const userController = require('./controllers/user');
const passportConfig = require('./config/passport');

const app = express();
mongoose.connect(process.env.MONGODB_URI);

app.use(express.urlencoded({ extended: true }));
app.use(session({ resave: true, saveUninitialized: true, secret: process.env.SESSION_SECRET }));
app.use(passport.initialize());
app.use(passport.session());

app.get('/login', userController.getLogin);
app.post('/login', userController.postLogin); // expect: RS501
app.get('/logout', userController.logout);
app.post('/forgot', userController.postForgot); // expect: RS501
app.post('/reset/:token', userController.postReset); // expect: RS501
app.post('/account/password', passportConfig.isAuthenticated, userController.postUpdatePassword);

app.listen(process.env.PORT || 8080);

module.exports = app;
