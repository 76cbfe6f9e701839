const express = require('express');
const pino = require('pino')();
const { transcoders, thumbnails, origin } = require('./lib/pools');
const authors = require('./routes/authors');

const app = express();
app.use(express.json());
app.use('/api', authors);

app.post('/transcode', async (req, res) => {
  const proc = await transcoders.acquire();
  try {
    res.json({ pid: proc.pid });
  } finally {
    transcoders.release(proc);
  }
});

app.get('/thumb/:id', async (req, res) => {
  res.json(await thumbnails.exec('thumbnail', [req.params.id]));
});

app.get('/origin/*', async (req, res) => {
  const { body } = await origin.request({ path: req.path.slice(7), method: 'GET' });
  body.pipe(res);
});

app.listen(8080, () => pino.info('up'));
