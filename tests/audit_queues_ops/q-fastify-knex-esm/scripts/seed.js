import { db } from '../src/db.js';

const rows = Array.from({ length: 50 }, (_, i) => ({ title: `task ${i}`, status: 'queued' }));
await db('tasks').insert(rows);
console.log(`seeded ${rows.length} tasks`);
await db.destroy();
