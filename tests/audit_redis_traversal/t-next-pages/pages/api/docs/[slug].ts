import type { NextApiRequest, NextApiResponse } from 'next';
import fs from 'fs';
import path from 'path';

const DOCS = path.join(process.cwd(), 'content', 'docs');

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const { slug } = req.query;
  const md = fs.readFileSync(path.join(DOCS, `${slug}.md`), 'utf8'); // expect: RS701
  res.status(200).json({ md });
}
