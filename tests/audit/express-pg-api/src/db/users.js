const db = require('./pool');

async function findByEmail(email) {
  const { rows } = await db.query('SELECT id, email, password_hash FROM users WHERE email = $1', [email]);
  return rows[0] || null;
}

async function createResetToken(userId, token) {
  await db.query(
    "INSERT INTO password_resets (user_id, token, expires_at) VALUES ($1, $2, now() + interval '1 hour')",
    [userId, token],
  );
}

module.exports = { findByEmail, createResetToken };
