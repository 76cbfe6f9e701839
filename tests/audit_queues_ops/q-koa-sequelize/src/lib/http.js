const axios = require('axios');

const payments = axios.create({ // expect: RS905
  baseURL: process.env.PAYMENTS_URL,
  headers: { Authorization: `Bearer ${process.env.PAYMENTS_TOKEN}` },
});

module.exports = { payments };
