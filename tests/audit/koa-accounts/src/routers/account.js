const Router = require('@koa/router');
const pool = require('../db');

const router = new Router({ prefix: '/account' });

router.post('/password/forgot', async (ctx) => { // expect: RS501
  await pool.query('INSERT INTO reset_requests (login) VALUES (?)', [ctx.request.body.login]);
  ctx.status = 202;
});

router.get('/', async (ctx) => {
  ctx.body = { ok: true };
});

module.exports = router;
