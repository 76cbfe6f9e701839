const Koa = require('koa');
const Router = require('@koa/router');
const send = require('koa-send');
const fs = require('fs');
const path = require('path');

const app = new Koa();
const router = new Router();
const ROOT = path.join(__dirname, 'files');

router.get('/files/:name', async (ctx) => {
  await send(ctx, ctx.params.name, { root: ROOT });
});

router.get('/theme', async (ctx) => {
  ctx.body = fs.createReadStream(path.join(ROOT, 'themes', ctx.query.theme)); // expect: RS701
});

router.post('/import', async (ctx) => {
  const { file } = ctx.request.body;
  ctx.body = await fs.promises.readFile(path.join(ROOT, 'imports', file)); // expect: RS701
});

app.use(router.routes());
app.listen(3000);
