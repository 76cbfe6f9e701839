const express = require('express');
const db = require('./models');
const posts = require('./routes/posts');

const app = express();
app.use('/posts', posts);

const server = app.listen(process.env.PORT || 3000);

process.on('SIGTERM', () => {
  server.close(async () => {
    await db.sequelize.close();
    process.exit(0);
  });
});
