const express = require('express');
const accounts = require('./accounts');

const api = express.Router();
api.use('/accounts', accounts);

module.exports = api;
