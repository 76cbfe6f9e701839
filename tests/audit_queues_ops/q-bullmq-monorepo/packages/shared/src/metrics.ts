import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const jobsProcessed = new client.Counter({
  name: 'jobs_processed_total',
  help: 'Jobs processed by queue and outcome',
  labelNames: ['queue', 'outcome'],
  registers: [registry],
});
