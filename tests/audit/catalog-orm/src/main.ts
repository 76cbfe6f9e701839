import express from 'express';
import { AppDataSource } from './data-source';
import { products } from './modules/products';
import { connectMongo } from './mongo';
import { prisma } from './prisma';

async function main() {
  await AppDataSource.initialize();
  await connectMongo();
  const app = express();
  app.use('/products', products);
  const server = app.listen(3000);
  process.on('SIGTERM', () => {
    server.close();
    void prisma.$disconnect();
    void AppDataSource.destroy();
  });
}

void main();
