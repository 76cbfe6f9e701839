const Router = require('@koa/router');
const { RateLimit } = require('koa2-ratelimit');
const bcrypt = require('bcrypt');
const pool = require('../db');

const router = new Router({ prefix: '/session' });

router.use(RateLimit.middleware({ interval: { min: 1 }, max: 10 }));

router.post('/', async (ctx) => {
  const [rows] = await pool.query('SELECT id, hash FROM users WHERE login = ?', [ctx.request.body.login]);
  ctx.assert(rows.length && (await bcrypt.compare(ctx.request.body.password, rows[0].hash)), 401); // expect: RS502
  ctx.session = { uid: rows[0].id };
  ctx.status = 201;
});

module.exports = router;
