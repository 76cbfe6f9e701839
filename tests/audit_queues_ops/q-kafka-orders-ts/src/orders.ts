import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'csv-parse/sync';
import { pool, producer } from './infra';

export async function placeOrder(customerId: string, total: number) {
  const { rows } = await pool.query( // expect: RS601
    'INSERT INTO orders (customer_id, total, status) VALUES ($1, $2, $3) RETURNING id',
    [customerId, total, 'placed'],
  );
  await producer.send({ topic: 'orders.placed', messages: [{ key: rows[0].id, value: JSON.stringify(rows[0]) }] });
  return rows[0];
}

export async function placeOrderWithOutbox(customerId: string, total: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('INSERT INTO orders (customer_id, total, status) VALUES ($1, $2, $3) RETURNING id', [customerId, total, 'placed']);
    await client.query('INSERT INTO outbox (topic, payload) VALUES ($1, $2)', ['orders.placed', JSON.stringify(rows[0])]);
    await client.query('COMMIT');
    return rows[0];
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function importCsv(upload: Buffer) {
  const tmpFile = path.join(os.tmpdir(), `orders-${Date.now()}.csv`);
  await fs.writeFile(tmpFile, upload);
  const records = parse(await fs.readFile(tmpFile), { columns: true });
  for (const r of records) {
    await pool.query('INSERT INTO orders (customer_id, total, status) VALUES ($1, $2, $3)', [r.customer, r.total, 'imported']);
  }
  await fs.unlink(tmpFile);
  return records.length;
}
