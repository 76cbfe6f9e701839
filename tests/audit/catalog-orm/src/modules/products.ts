import { Router } from 'express';
import { AppDataSource } from '../data-source';
import { Category } from '../entities/Category';
import { prisma } from '../prisma';

export const products = Router();

products.get('/', async (_req, res) => {
  res.json(await prisma.product.findMany({ take: 50 }));
});

products.get('/categories', async (_req, res) => {
  res.json(await AppDataSource.getRepository(Category).find());
});
