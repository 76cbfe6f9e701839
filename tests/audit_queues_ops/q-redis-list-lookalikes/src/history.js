const { redis } = require('./redis');

const UNDO_DEPTH = 100;
const undoKey = (docId) => `doc:${docId}:undo`;

async function recordEdit(docId, op) {
  await redis.rpush(undoKey(docId), JSON.stringify(op));
  await redis.ltrim(undoKey(docId), -UNDO_DEPTH, -1);
}

async function undo(docId) {
  const raw = await redis.rpop(undoKey(docId));
  return raw ? JSON.parse(raw) : null;
}

async function borrowRenderer() {
  return redis.lpop('renderers:idle');
}

async function returnRenderer(id) {
  await redis.rpush('renderers:idle', id);
}

module.exports = { recordEdit, undo, borrowRenderer, returnRenderer };
