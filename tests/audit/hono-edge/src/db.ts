import postgres from 'postgres';

export const sql = postgres(process.env.DATABASE_URL!, { idle_timeout: 20 }); // expect: RS102, RS103
