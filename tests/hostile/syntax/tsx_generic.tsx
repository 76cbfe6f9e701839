import { Pool } from 'pg';
const f = <T,>(x: T) => x;
export const C = () => <div>{f<number>(1)}</div>;
