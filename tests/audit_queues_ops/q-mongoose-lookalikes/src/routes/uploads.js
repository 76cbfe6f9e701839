const fs = require('fs/promises');
const path = require('path');
const { EventEmitter } = require('events');
const express = require('express');
const Upload = require('../models/Upload');
const redis = require('../redis');
const logger = require('../logger');

const router = express.Router();
const events = new EventEmitter();
const recent = [];
const UPLOAD_DIR = process.env.UPLOAD_DIR || '/var/data/uploads';

router.post('/uploads', express.raw({ limit: '20mb', type: '*/*' }), async (req, res) => {
  const doc = await Upload.create({ owner: req.header('x-user'), filename: req.query.name, size: req.body.length });
  await fs.writeFile(path.join(UPLOAD_DIR, String(doc._id)), req.body);
  recent.push(doc._id);
  events.emit('upload', doc);
  logger.info('upload stored', { id: String(doc._id) });
  res.status(201).json(doc);
});

router.post('/uploads/:id/scanned', async (req, res) => {
  await Upload.updateOne({ _id: req.params.id }, { $set: { status: 'scanned' } });
  await redis.del(`upload:${req.params.id}`);
  res.sendStatus(204);
});

router.get('/healthcheck', (req, res) => res.send('ok'));

module.exports = router;
