import { pgTable, text, integer, timestamp, uuid } from 'drizzle-orm/pg-core';

export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status').notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  updatedAt: timestamp('updated_at').defaultNow(),
});
