import { pool, producer, logger } from './infra';

async function relay() {
  const { rows } = await pool.query('SELECT id, topic, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 200');
  for (const row of rows) {
    await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
    await pool.query('UPDATE outbox SET sent_at = now() WHERE id = $1', [row.id]);
  }
  return rows.length;
}

let running = true;
async function main() {
  await producer.connect();
  while (running) {
    const n = await relay();
    if (n === 0) await new Promise((r) => setTimeout(r, 500));
  }
  await producer.disconnect();
  await pool.end();
}

process.on('SIGTERM', () => { running = false; });
main().catch((err) => logger.error({ err }, 'relay crashed'));
