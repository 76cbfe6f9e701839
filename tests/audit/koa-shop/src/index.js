const Koa = require('koa');
const bodyParser = require('koa-bodyparser');
const ratelimit = require('koa-ratelimit');
const redis = require('./redis');
const db = require('./db');
const authRouter = require('./routes/auth');
const productsRouter = require('./routes/products');

const app = new Koa();

app.use(
  ratelimit({
    driver: 'redis',
    db: redis,
    duration: 60000,
    max: 120,
    id: (ctx) => ctx.ip,
  }),
);
app.use(bodyParser());
app.use(authRouter.routes()).use(authRouter.allowedMethods());
app.use(productsRouter.routes());

const server = app.listen(process.env.PORT || 3000);

process.on('SIGTERM', async () => {
  server.close();
  await db.destroy();
  redis.disconnect();
});
