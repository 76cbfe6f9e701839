import { readFile } from 'fs/promises';
import { NextRequest, NextResponse } from 'next/server';
import path from 'path';

export async function GET(request: NextRequest, { params }: { params: { name: string } }) {
  const data = await readFile(path.join(process.cwd(), 'raw', params.name)); // expect: RS701
  return new NextResponse(data);
}

export async function POST(request: NextRequest) {
  const dl = request.nextUrl.searchParams.get('file');
  const data = await readFile(path.join('/srv/exports', dl ?? 'latest.csv')); // expect: RS701
  return new NextResponse(data);
}
