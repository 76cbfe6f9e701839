const { createCluster } = require('redis');

const cluster = createCluster({
  rootNodes: [{ url: 'redis://10.0.0.1:6379' }, { url: 'redis://10.0.0.2:6379' }, { url: 'redis://10.0.0.3:6379' }],
});
cluster.on('error', (err) => console.error('cluster', err));

async function enqueue(item) {
  await cluster.lPush('feed:queue', JSON.stringify(item));
}

async function work() {
  for (;;) {
    const item = await cluster.brPop('feed:queue', 0);
    console.log(item);
  }
}

module.exports = { cluster, enqueue, work };
