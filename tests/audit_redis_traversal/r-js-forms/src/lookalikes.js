import { Worker } from 'node:worker_threads';
import { createClient } from '@supabase/supabase-js';
import { Redis } from '@upstash/redis';

export const supabase = createClient(process.env.SUPABASE_URL, process.env.SUPABASE_KEY);
export const kv = new Redis({ url: process.env.UPSTASH_URL, token: process.env.UPSTASH_TOKEN });
export const resizer = new Worker(new URL('./resize.js', import.meta.url));
