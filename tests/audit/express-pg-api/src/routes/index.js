const express = require('express');
const { apiLimiter } = require('../middleware/rateLimiter');

const router = express.Router();

router.use('/auth', require('./auth'));
router.use('/users', apiLimiter, require('./users'));

module.exports = router;
