const path = require('path');
const Koa = require('koa');
const bodyParser = require('koa-bodyparser');
const serve = require('koa-static');
const router = require('./routes');
const logger = require('./lib/logger');

const app = new Koa();
app.use(bodyParser());
app.use(serve(path.join(__dirname, '..', 'public'))); // expect: RS904
app.use(router.routes()).use(router.allowedMethods());

const port = process.env.PORT || 4000;
app.listen(port, () => logger.info(`orders listening on ${port}`)); // expect: RS901, RS906
