import { UsageError } from '../errors.js';
import { oneLine } from '../escape.js';

/** What a name names; an exchange name is checked less strictly than a queue's (see checkName). */
export type NameKind = 'queue' | 'destination queue' | 'exchange';

// What RabbitMQ (3.10, the test broker) does with names: it drops CR and LF from queue
// and exchange names, so `nl\nname` declares `nlname` and a publish to `nl\nname` is unroutable;
// it keeps every other byte, and keeps routing keys as given. Queue names are refused with any
// control character (C0, DEL, C1): the broker would change some and others make the name unsafe
// to show or type. Exchange names only where the broker would change them.
const QUEUE_REFUSED = /[\x00-\x1f\x7f-\x9f]/;
const EXCHANGE_REFUSED = /[\r\n]/;

/** AMQP names are short strings: 1 to 255 bytes of UTF-8, and none that the broker would change. */
export function checkName(name: string, kind: NameKind): string {
  if (name === '') throw new UsageError(`the ${kind} name is empty`);
  if (Buffer.byteLength(name) > 255) throw new UsageError(`the ${kind} name is longer than AMQP's 255 bytes`);
  const control = (kind === 'exchange' ? EXCHANGE_REFUSED : QUEUE_REFUSED).exec(name)?.[0];
  if (control !== undefined) {
    throw new UsageError(`the ${kind} name '${oneLine(name)}' holds the control character ${oneLine(control)}`, {
      hint:
        control === '\r' || control === '\n'
          ? `RabbitMQ removes CR and LF from ${kind === 'exchange' ? 'exchange' : 'queue'} names, so it would be another ${kind === 'exchange' ? 'exchange' : 'queue'}`
          : 'Queue names with control characters are refused: they cannot be shown or typed safely',
    });
  }
  return name;
}

/** The queue a command works on: its argument, else QUEUE_NAME (the tutorial's variable). */
export function queueName(argument: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const name = argument ?? (env.QUEUE_NAME === '' ? undefined : env.QUEUE_NAME);
  if (name === undefined) throw new UsageError('no queue given', { hint: 'Name it as an argument, or set QUEUE_NAME (in the environment or .env)' });
  checkName(name, 'queue');
  return name;
}

/** A routing key: the broker keeps it as given (control characters too), so only its length is checked. */
export function checkRoutingKey(key: string): string {
  if (Buffer.byteLength(key) > 255) throw new UsageError("the routing key is longer than AMQP's 255 bytes");
  return key;
}
