#!/usr/bin/env node
const { Pool } = require('pg');
class A { #p = 1; static { this.x = 1; } get p() { return this.#p; } }
const v = a?.b ?? c;
const big = 10n ** 20n;
const re = /[\p{L}--\p{Ll}]/v;
label: for (const x of y) { continue label; }
await import('x');
export * as ns from 'mod';
