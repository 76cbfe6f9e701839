import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql } from './db';
import { auth } from './routes/auth';

const app = new Hono();
app.route('/auth', auth);
app.get('/healthz', (c) => c.text('ok'));

const server = serve({ fetch: app.fetch, port: 8787 });

process.on('SIGTERM', async () => {
  server.close();
  await sql.end({ timeout: 5 });
});
