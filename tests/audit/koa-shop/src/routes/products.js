const Router = require('@koa/router');
const db = require('../db');
const reports = require('../services/reports');

const router = new Router({ prefix: '/products' });

router.get('/', async (ctx) => {
  ctx.body = await db('products').select('id', 'name', 'price').limit(100);
});

router.get('/top', async (ctx) => {
  ctx.body = await reports.topSellers();
});

module.exports = router;
