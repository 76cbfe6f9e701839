import express from 'express';
import { InventoryRepository } from './repository';

const repo = new InventoryRepository();
const app = express();

app.get('/stock/:sku', async (req, res) => {
  res.json({ qty: await repo.stockFor(req.params.sku) });
});

app.listen(8080);
