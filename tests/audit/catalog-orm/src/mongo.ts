import mongoose from 'mongoose';

export async function connectMongo(): Promise<void> {
  await mongoose.connect(process.env.MONGO_URL ?? 'mongodb://localhost:27017/catalog', { maxPoolSize: 20 });
}
