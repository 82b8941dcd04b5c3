import { UsageError } from '../errors.js';

/** AMQP names are short strings: 1 to 255 bytes of UTF-8. */
export function checkName(name: string, kind: string): string {
  if (name === '') throw new UsageError(`the ${kind} name is empty`);
  if (Buffer.byteLength(name) > 255) throw new UsageError(`the ${kind} name is longer than AMQP's 255 bytes`);
  return name;
}

/** The queue a command works on: its argument, else QUEUE_NAME (the tutorial's variable). */
export function queueName(argument: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const name = argument ?? (env.QUEUE_NAME === '' ? undefined : env.QUEUE_NAME);
  if (name === undefined) throw new UsageError('no queue given', { hint: 'Name it as an argument, or set QUEUE_NAME (in the environment or .env)' });
  checkName(name, 'queue');
  return name;
}
