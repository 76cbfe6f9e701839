import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Category } from './entities/Category';

export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [Category],
  synchronize: false,
  logging: false,
  extra: { max: 10 },
});
