import rateLimit from 'express-rate-limit';
import { RateLimiterMemory } from 'rate-limiter-flexible';

export const authLimiter = rateLimit({ windowMs: 60_000, limit: 20 });

// consecutive failures per username: blocks the account for 15 minutes after 5 misses
export const failedByUsername = new RateLimiterMemory({ points: 5, duration: 900, blockDuration: 900 });
