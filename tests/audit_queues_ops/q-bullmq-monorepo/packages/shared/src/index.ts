export * from './queues';
export * from './logger';
export * from './metrics';
