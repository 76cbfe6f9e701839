require('dotenv').config();
const express = require('express');
const cors = require('cors');
const ordersRouter = require('./routes/orders');

const app = express();
const PORT = process.env.PORT || 5000;

app.use(cors());
app.use(express.json());
app.use(express.static('public')); // expect: RS904

app.use('/api/orders', ordersRouter);

app.use((err, req, res, next) => {
  console.error(err.stack); // expect: RS902
  res.status(500).send('Something broke!');
});

app.listen(PORT, () => { // expect: RS901, RS903, RS906
  console.log(`Server running on port ${PORT}`);
});
