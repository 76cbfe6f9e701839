const { sequelize, Order } = require('../models');
const redis = require('../lib/redis');
const { payments } = require('../lib/http');
const logger = require('../lib/logger');

async function createOrder(customerId, items) {
  const total = items.reduce((sum, i) => sum + i.price * i.qty, 0);
  const order = await Order.create({ customerId, total, status: 'pending' }); // expect: RS601
  await redis.set(`order:${order.id}`, JSON.stringify(order.toJSON()), 'EX', 3600);
  logger.info('order created', { orderId: order.id });
  return order;
}

async function payOrder(id) {
  const order = await Order.findByPk(id);
  await payments.post('/charges', { amount: order.total, reference: `order-${id}` });
  const [count] = await Order.update({ status: 'paid' }, { where: { id, status: 'pending' } });
  await redis.del(`order:${id}`);
  return count === 1;
}

async function shipOrder(id, trackingNo) {
  await Order.update({ status: 'shipped', trackingNo }, { where: { id } }); // expect: RS304
  await redis.del(`order:${id}`);
}

async function closeOrder(id) {
  await sequelize.transaction(async (t) => {
    await Order.update({ status: 'closed' }, { where: { id, status: ['delivered', 'returned'] }, transaction: t });
    t.afterCommit(() => redis.publish('orders.closed', String(id)));
  });
}

module.exports = { createOrder, payOrder, shipOrder, closeOrder };
