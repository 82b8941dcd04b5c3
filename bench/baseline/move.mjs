// Baseline for `mqcli queue move`: the minimal amqplib loop that consumes a queue, publishes each
// message to another with confirms, and acks it in the source once confirmed; exits after n.
//   node bench/baseline/move.mjs <source> <destination> <n>      (broker from MQ_HOST / MQ_PORT)
import amqp from 'amqplib';

const [source, destination, count] = process.argv.slice(2);
const n = Number(count);
if (!source || !destination || !Number.isInteger(n) || n < 1) {
  console.error('usage: move.mjs <source> <destination> <n>');
  process.exit(2);
}
const url = `amqp://guest:guest@${process.env.MQ_HOST ?? '127.0.0.1'}:${process.env.MQ_PORT ?? 5672}`;

const connection = await amqp.connect(url);
const consumer = await connection.createChannel();
const publisher = await connection.createConfirmChannel();
await consumer.prefetch(1000);

let moved = 0;
await new Promise((resolve, reject) => {
  consumer
    .consume(source, (msg) => {
      if (msg === null) return reject(new Error('consumer cancelled by the broker'));
      publisher.sendToQueue(destination, msg.content, msg.properties, (error) => {
        if (error) return reject(error);
        consumer.ack(msg);
        if (++moved === n) resolve();
      });
    })
    .catch(reject);
});
await consumer.close();
await publisher.close();
await connection.close();
