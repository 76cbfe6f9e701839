import { NextResponse } from 'next/server';
import { pool } from '@/lib/db';

export async function POST(request: Request) { // expect: RS501
  const { email } = await request.json();
  await pool.query('INSERT INTO password_reset_requests (email) VALUES ($1)', [email]);
  return NextResponse.json({ ok: true }, { status: 202 });
}
