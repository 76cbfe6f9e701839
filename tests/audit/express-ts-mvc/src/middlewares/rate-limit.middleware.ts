import rateLimit, { Options } from 'express-rate-limit';

export function createLimiter(opts: Partial<Options>) {
  return rateLimit({ standardHeaders: 'draft-7', legacyHeaders: false, ...opts });
}

export const authRateLimiter = createLimiter({ windowMs: 10 * 60 * 1000, limit: 20 });
