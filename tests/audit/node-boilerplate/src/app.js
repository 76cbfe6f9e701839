const express = require('express');
const helmet = require('helmet');
const compression = require('compression');
const cors = require('cors');
const config = require('./config/config');
const { authLimiter } = require('./middlewares/rateLimiter');
const routes = require('./routes/v1');

const app = express();

app.use(helmet());
app.use(express.json());
app.use(compression());
app.use(cors());

// limit repeated failed requests to auth endpoints
if (config.env === 'production') {
  app.use('/v1/auth', authLimiter);
}

app.use('/v1', routes);

module.exports = app;
