const { Pool } = require('pg');
import cfg from './cfg.json' with { type: 'json' };
