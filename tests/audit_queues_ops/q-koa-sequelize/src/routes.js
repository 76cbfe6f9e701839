const Router = require('@koa/router');
const orders = require('./services/orders');

const router = new Router();

router.get('/ping', (ctx) => {
  ctx.body = 'pong';
});

router.post('/orders', async (ctx) => {
  ctx.body = await orders.createOrder(ctx.state.user.id, ctx.request.body.items);
  ctx.status = 201;
});

router.post('/orders/:id/pay', async (ctx) => {
  ctx.body = { paid: await orders.payOrder(ctx.params.id) };
});

router.post('/orders/:id/ship', async (ctx) => {
  await orders.shipOrder(ctx.params.id, ctx.request.body.trackingNo);
  ctx.status = 204;
});

module.exports = router;
