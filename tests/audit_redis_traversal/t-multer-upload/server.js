const express = require('express');
const multer = require('multer');
const fileUpload = require('express-fileupload');
const fs = require('fs');
const path = require('path');

const upload = multer({ dest: '/tmp/incoming' });
const UPLOADS = path.join(__dirname, 'uploads');
const app = express();

app.post('/documents', upload.single('doc'), (req, res) => {
  const target = path.join(UPLOADS, req.file.originalname); // expect: RS701
  fs.renameSync(req.file.path, target);
  res.json({ stored: target });
});

app.post('/gallery', upload.array('photos'), (req, res) => {
  for (const photo of req.files) {
    fs.copyFileSync(photo.path, path.join(UPLOADS, 'gallery', photo.originalname)); // expect: RS701
  }
  res.end();
});

app.post('/avatar', upload.single('avatar'), (req, res) => {
  // multer's own random name, and a basename of the client's name: both fine
  fs.renameSync(req.file.path, path.join(UPLOADS, req.file.filename));
  const safe = path.basename(req.file.originalname);
  fs.copyFileSync(req.file.path, path.join(UPLOADS, 'orig', safe));
  res.end();
});

app.use('/legacy', fileUpload());
app.post('/legacy/upload', (req, res) => {
  const sheet = req.files.sheet;
  sheet.mv(path.join(UPLOADS, sheet.name), (err) => { // expect: RS701
    if (err) return res.status(500).send(err);
    res.send('ok');
  });
});

app.post('/legacy/tmp', (req, res) => {
  const data = fs.readFileSync(req.files.sheet.tempFilePath);
  res.send(String(data.length));
});

app.listen(3000);
