import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import pino from 'pino';

export const logger = pino();
export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 15, connectionTimeoutMillis: 5000 });
export const kafka = new Kafka({ clientId: 'orders', brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(',') });
export const producer = kafka.producer({ idempotent: true });
