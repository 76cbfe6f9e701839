import { Router } from 'express';
import path from 'path';

class DownloadRoutes {
  router = Router();

  constructor() {
    this.config();
  }

  config(): void {
    this.router.get('/:file', (req, res) => {
      res.download(path.join(__dirname, `../../docs/${req.params.file}`), (err) => { // expect: RS701
        if (err) return res.status(400).json({ message: 'Not found' });
      });
    });
    this.router.get('/raw/:filename', (req, res) => {
      const filename = req.params.filename;
      if (req.query.download === 'true') {
        res.download(path.join(__dirname, '../uploads', filename)); // expect: RS701
      } else {
        res.sendFile(path.join(__dirname, '../uploads', filename));
      }
    });
  }
}

export default new DownloadRoutes().router;
