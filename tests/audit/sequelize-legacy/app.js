var express = require('express');
var authRouter = require('./routes/auth');

var app = express();
app.use(express.json());
app.use('/auth', authRouter);

module.exports = app;
