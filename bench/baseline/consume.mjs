// Baseline for `mqcli listen`: the minimal amqplib consumer that writes each body and a newline
// to stdout, then acks it (or with --no-ack, lets the broker auto-ack), and exits after n messages.
//   node bench/baseline/consume.mjs <queue> <n> [--no-ack]      (broker from MQ_HOST / MQ_PORT)
import amqp from 'amqplib';

const args = process.argv.slice(2);
const noAck = args.includes('--no-ack');
const [queue, count] = args.filter((arg) => arg !== '--no-ack');
const n = Number(count);
if (!queue || !Number.isInteger(n) || n < 1) {
  console.error('usage: consume.mjs <queue> <n> [--no-ack]');
  process.exit(2);
}
const url = `amqp://guest:guest@${process.env.MQ_HOST ?? '127.0.0.1'}:${process.env.MQ_PORT ?? 5672}`;

const connection = await amqp.connect(url);
const channel = await connection.createChannel();
await channel.prefetch(100);

const newline = Buffer.from('\n');
let seen = 0;
await new Promise((resolve, reject) => {
  channel
    .consume(
      queue,
      (msg) => {
        if (msg === null) return reject(new Error('consumer cancelled by the broker'));
        if (seen >= n) return; // arrived after the n-th (no-ack mode); not ours to write
        process.stdout.write(Buffer.concat([msg.content, newline]));
        if (!noAck) channel.ack(msg);
        if (++seen === n) resolve();
      },
      { noAck },
    )
    .catch(reject);
});
await new Promise((resolve) => process.stdout.write('', resolve)); // flushed before we go
await channel.close();
await connection.close();
