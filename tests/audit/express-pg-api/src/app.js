const express = require('express');
const helmet = require('helmet');
const routes = require('./routes');

const app = express();

app.set('trust proxy', 1);
app.use(helmet());
app.use(express.json({ limit: '100kb' }));
app.use('/api', routes);

app.use((err, req, res, next) => {
  req.log?.error(err);
  res.status(err.status || 500).json({ error: 'internal error' });
});

module.exports = app;
