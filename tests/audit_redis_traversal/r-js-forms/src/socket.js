import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

const pubClient = createClient({ url: process.env.REDIS_URL }); // expect: RS202
const subClient = pubClient.duplicate(); // expect: RS202

await Promise.all([pubClient.connect(), subClient.connect()]);

export const io = new Server({ adapter: createAdapter(pubClient, subClient) });
io.listen(3000);
