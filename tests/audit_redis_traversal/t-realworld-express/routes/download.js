// Shapes seen in public repositories (rewritten).
const fs = require('fs');
const express = require('express');
const router = express.Router();

router.get('/', (req, res) => {
  const fileName = req.query.filename;
  if ((fileName.indexOf('/') || fileName.indexOf('\\')) > -1) return res.end('not found');
  const filePath = './uploads/' + fileName;
  fs.access(filePath, fs.constants.R_OK, (err) => {
    if (err) return res.status(404).end();
    fs.createReadStream(filePath).pipe(res); // expect: RS701
  });
});

router.get('/zip', (req, res) => {
  const file = fs.readFileSync('files/' + req.query.file, 'binary'); // expect: RS701
  res.setHeader('content-disposition', 'attachment; filename=' + req.query.file);
  res.end(file, 'binary');
});

router.get('/download/:file', (req, res) => {
  const fileName = req.params.file;
  const filePath = `${__dirname}/uploads/${fileName}`;
  fs.readFile(filePath, (err) => { // expect: RS701
    if (err) return res.status(500).send('Error');
    res.download(filePath);
  });
});

router.get('/public/:filename', (request, response, next) => {
  const fileName = request.params.filename;
  try {
    response.download('./public/' + fileName, fileName); // expect: RS701
  } catch (err) {
    next(err);
  }
});

module.exports = router;
