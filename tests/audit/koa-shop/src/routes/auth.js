const Router = require('@koa/router');
const bcrypt = require('bcryptjs');
const db = require('../db');
const redis = require('../redis');

const router = new Router({ prefix: '/auth' });
const MAX_FAILS = 5;

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body;
  const failKey = `login:fail:${email}`;
  const fails = Number(await redis.get(failKey)) || 0;
  if (fails >= MAX_FAILS) {
    ctx.status = 423;
    return;
  }
  const user = await db('users').where({ email }).first();
  const ok = user && (await bcrypt.compare(password, user.password_hash));
  if (!ok) {
    await redis.multi().incr(failKey).expire(failKey, 900).exec();
    ctx.status = 401;
    return;
  }
  await redis.del(failKey);
  ctx.body = { id: user.id };
});

module.exports = router;
