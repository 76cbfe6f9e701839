async function runJob(job) {
  switch (job.type) {
    case 'resize':
      return resize(job.payload);
    default:
      throw new Error(`unknown job type ${job.type}`);
  }
}

async function resize(payload) {
  return payload;
}

module.exports = { runJob };
