const express = require('express');
const fs = require('fs/promises');
const { createReadStream } = require('fs');
const path = require('path');

const router = express.Router();
const BASE = path.resolve(__dirname, '../storage');
const SAFE_NAME = /^[a-zA-Z0-9_-]+$/;
const LOOSE_NAME = /^[\w.\-]+$/;
const REPORTS = { daily: 'daily.csv', weekly: 'weekly.csv' };

// contained: resolve + startsWith
router.get('/contained/:name', async (req, res) => {
  const target = path.resolve(BASE, req.params.name);
  if (!target.startsWith(BASE + path.sep)) return res.sendStatus(403);
  res.send(await fs.readFile(target));
});

// basename strips directories
router.get('/base/:name', async (req, res) => {
  const name = path.basename(req.params.name);
  res.send(await fs.readFile(path.join(BASE, name)));
});

// allowlist regex with no dot or slash
router.get('/allow/:id', async (req, res) => {
  const { id } = req.params;
  if (!SAFE_NAME.test(id)) return res.status(400).end();
  createReadStream(path.join(BASE, `${id}.json`)).pipe(res);
});

// blocklist only: medium/low finding
router.get('/block', async (req, res) => {
  const file = req.query.file;
  if (file.includes('..')) return res.status(400).send('bad path');
  res.send(await fs.readFile(path.join(BASE, file))); // expect: RS701
});

// regex that admits dots
router.get('/loose/:name', (req, res) => {
  if (!LOOSE_NAME.test(req.params.name)) return res.status(400).end();
  res.sendFile(path.join(BASE, req.params.name)); // expect: RS701
});

// no check at all, header value
router.get('/avatar', (req, res) => {
  const user = req.headers['x-user'];
  res.download(path.join(BASE, 'avatars', user + '.png')); // expect: RS701
});

// sendFile with a root option is confined to it
router.get('/public/:file', (req, res) => {
  res.sendFile(req.params.file, { root: BASE });
});

// download name (second argument) is only the attachment name
router.get('/export', (req, res) => {
  res.download(path.join(BASE, 'export.zip'), `${req.query.name || 'export'}.zip`);
});

// lookups, numbers and the authenticated user are not request paths
router.get('/report', async (req, res) => {
  const file = REPORTS[req.query.kind];
  if (!file) return res.sendStatus(404);
  const page = parseInt(req.query.page, 10);
  const mine = path.join(BASE, 'users', String(req.user.id), `page-${page}.json`);
  res.send(await fs.readFile(path.join(BASE, file)) + (await fs.readFile(mine)));
});

// request data written INTO a fixed file is not a path
router.post('/notes', async (req, res) => {
  await fs.writeFile(path.join(BASE, 'notes.txt'), req.body.content);
  await fs.appendFile('/var/log/app/notes.log', `${req.body.title}\n`);
  res.status(201).end();
});

// membership in a fixed list
router.get('/theme/:name', (req, res) => {
  const allowed = ['dark', 'light'];
  if (!allowed.includes(req.params.name)) return res.sendStatus(404);
  res.sendFile(path.join(BASE, 'themes', `${req.params.name}.css`));
});

module.exports = router;
