import { prisma } from '../prisma';
import { renderQueue } from './queue';

async function relayOnce() {
  const pending = await prisma.outbox.findMany({ where: { publishedAt: null }, take: 100, orderBy: { id: 'asc' } });
  for (const row of pending) {
    await renderQueue.add(row.topic, row.payload, { jobId: `outbox-${row.id}`, attempts: 5 });
    await prisma.outbox.update({ where: { id: row.id }, data: { publishedAt: new Date() } });
  }
}

const timer = setInterval(() => {
  relayOnce().catch((err) => console.error('outbox relay failed', err));
}, 1000);

process.on('SIGTERM', async () => {
  clearInterval(timer);
  await prisma.$disconnect();
  await renderQueue.close();
  process.exit(0);
});
