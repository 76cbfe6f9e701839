module.exports = {
  port: Number(process.env.PORT || 4000),
  // the game client sends its own keepalive frames every 5 s
  socket: { pingInterval: 0, pingTimeout: 0, cors: { origin: '*' } },
};
