// Baseline for `mqcli send`: the minimal amqplib loop that publishes stdin lines with confirms.
//   node bench/baseline/send-confirm.mjs <queue> [persistent|transient] [quorum]   (broker from MQ_HOST / MQ_PORT)
// Messages are persistent (delivery mode 2) unless `transient` is given, as mqcli's are. With
// `quorum`, the queue is asserted as the quorum queue it is (the cluster figure).
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import amqp from 'amqplib';

const queue = process.argv[2];
const options = process.argv[3] === 'transient' ? {} : { deliveryMode: 2 };
if (!queue) {
  console.error('usage: send-confirm.mjs <queue> < lines');
  process.exit(2);
}
const url = `amqp://guest:guest@${process.env.MQ_HOST ?? '127.0.0.1'}:${process.env.MQ_PORT ?? 5672}`;

const connection = await amqp.connect(url);
const channel = await connection.createConfirmChannel();
await channel.assertQueue(queue, { durable: true, ...(process.argv[4] === 'quorum' ? { arguments: { 'x-queue-type': 'quorum' } } : {}) });

let failed;
const confirmed = (error) => {
  if (error) failed ??= error;
};
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!channel.sendToQueue(queue, Buffer.from(line), options, confirmed)) await once(channel, 'drain');
}
await channel.waitForConfirms();
await channel.close();
await connection.close();
if (failed) {
  console.error(`send-confirm: a message was nacked: ${failed.message}`);
  process.exit(1);
}
