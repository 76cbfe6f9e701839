import IORedis from 'ioredis';

// handed to BullMQ, which listens for the connection's errors
export const connection = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
