import { LRUCache } from 'lru-cache';
import type { NextApiResponse } from 'next';

type Options = { uniqueTokenPerInterval?: number; interval?: number };

export default function rateLimit(options?: Options) {
  const tokenCache = new LRUCache<string, number[]>({
    max: options?.uniqueTokenPerInterval || 500,
    ttl: options?.interval || 60_000,
  });

  return {
    check: (res: NextApiResponse, limit: number, token: string) =>
      new Promise<void>((resolve, reject) => {
        const tokenCount = tokenCache.get(token) || [0];
        if (tokenCount[0] === 0) tokenCache.set(token, tokenCount);
        tokenCount[0] += 1;
        const isRateLimited = tokenCount[0] >= limit;
        res.setHeader('X-RateLimit-Limit', limit);
        return isRateLimited ? reject() : resolve();
      }),
  };
}
