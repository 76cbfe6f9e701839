const Koa = require('koa');
const { koaBody } = require('koa-body');
const pool = require('./db');
const session = require('./routers/session');
const account = require('./routers/account');

const app = new Koa();
app.use(koaBody());
app.use(session.routes());
app.use(account.routes());

const server = app.listen(3000);
process.on('SIGTERM', () => server.close(() => pool.end()));
