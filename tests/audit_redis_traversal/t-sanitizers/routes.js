const express = require('express');
const { param, query, validationResult } = require('express-validator');
const fs = require('fs');
const path = require('path');

const router = express.Router();
const DIR = path.join(__dirname, 'files');

// every character outside [a-zA-Z0-9_-] removed: no dot, no slash left
router.get('/strip/:name', (req, res) => {
  const name = req.params.name.replace(/[^a-zA-Z0-9_-]/g, '');
  res.sendFile(path.join(DIR, `${name}.txt`));
});

// only the first '../' removed: '....//' still climbs
router.get('/once/:name', (req, res) => {
  const name = req.params.name.replace('../', '');
  res.sendFile(path.join(DIR, name)); // expect: RS701
});

// express-validator in the route
router.get('/v/:name', param('name').isAlphanumeric(), (req, res) => {
  if (!validationResult(req).isEmpty()) return res.status(400).end();
  res.sendFile(path.join(DIR, `${req.params.name}.txt`));
});

router.get('/q', query('file').matches(/^[a-z0-9-]+$/), (req, res) => {
  const { file } = req.query;
  fs.createReadStream(path.join(DIR, `${file}.csv`)).pipe(res);
});

// validated the wrong field
router.get('/w', query('page').isInt(), (req, res) => {
  fs.createReadStream(path.join(DIR, req.query.file)).pipe(res); // expect: RS701
});

// a relative-path containment check
router.get('/rel', (req, res) => {
  const target = path.resolve(DIR, String(req.query.p));
  const rel = path.relative(DIR, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return res.sendStatus(403);
  res.sendFile(target);
});

module.exports = router;
