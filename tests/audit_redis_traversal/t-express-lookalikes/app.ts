import express, { Request, Response } from 'express';
import fs from 'fs';
import path from 'path';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';

const app = express();
const s3 = new S3Client({});
const DATA = path.join(__dirname, 'data');
const Params = z.object({ id: z.string().uuid() });

// digits only by the route pattern
app.get('/invoices/:id(\\d+)', (req: Request, res: Response) => {
  res.sendFile(path.join(DATA, 'invoices', `${req.params.id}.pdf`));
});

// an object key is not a file path
app.post('/attachments', express.raw(), async (req: Request, res: Response) => {
  const key = path.posix.join('attachments', String(req.query.name));
  await s3.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: req.body }));
  res.status(201).json({ key });
});

// a URL built with path.join and redirected to
app.get('/docs/:page', (req: Request, res: Response) => {
  res.redirect(path.posix.join('/documentation', req.params.page));
});

// validated by a schema before use
app.get('/exports/:id', (req: Request, res: Response) => {
  const { id } = Params.parse(req.params);
  res.download(path.join(DATA, 'exports', `${id}.csv`));
});

// the authenticated user's own folder; name from a fixed manifest
app.get('/me/avatar', (req: Request, res: Response) => {
  const dir = path.join(DATA, 'users', (req as any).user.id);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  res.sendFile(path.join(dir, manifest.avatar));
});

// file name with a fixed extension and no dot or slash allowed in the stem
app.get('/reports/:name', (req: Request, res: Response) => {
  const name = req.params.name;
  if (!/^[\w-]+\.csv$/.test(name)) return res.status(400).end();
  res.sendFile(path.join(DATA, 'reports', name));
});

// request data in a log line and the response, never in a path
app.post('/log', (req: Request, res: Response) => {
  fs.appendFileSync(path.join(DATA, 'audit.log'), `${new Date().toISOString()} ${JSON.stringify(req.body)}\n`);
  res.json({ file: path.join('/static', String(req.query.f)) });
});

app.listen(3000);
