#!/usr/bin/env node
// The RabbitMQ tutorial's producer ("Hello World", send.js), as a user would first write it:
// connect, create a channel, declare a non-durable queue, send one message, close after a second.
//   node bench/tutorial/send.cjs [queue] [message]      (broker port from MQ_PORT)
const amqp = require('amqplib');

const queue = process.argv[2] || 'hello';
const msg = process.argv[3] || 'Hello World!';

(async () => {
  const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${process.env.MQ_PORT || 5672}`);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: false });
  channel.sendToQueue(queue, Buffer.from(msg));
  console.log(" [x] Sent '%s'", msg);
  setTimeout(() => connection.close(), 1000);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
