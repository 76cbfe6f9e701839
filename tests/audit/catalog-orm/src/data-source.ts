import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Category } from './entities/Category';

export const AppDataSource = new DataSource({  // expect: RS101, RS103 (TypeORM builds a pg pool: no connectTimeoutMS, no statement timeout)
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [Category],
  synchronize: false,
  logging: false,
  extra: { max: 10 },
});
