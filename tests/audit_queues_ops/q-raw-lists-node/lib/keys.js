'use strict';

const PREFIX = 'orchestrator';

module.exports = {
  JOBS_PENDING: `${PREFIX}:jobs:pending`,
  JOBS_PLANNING: `${PREFIX}:jobs:planning`,
  JOBS_DEAD: `${PREFIX}:jobs:dead`,
  activityKey: (userId) => `${PREFIX}:activity:${userId}`,
  MAX_ACTIVITY: 50,
  MAX_BACKLOG: 10000,
};
