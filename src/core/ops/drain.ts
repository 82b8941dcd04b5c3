import type { ConsumeMessage, Message, Options } from 'amqplib';
import type { BrokerConnection } from '../broker/connection.js';
import { RuntimeError } from '../errors.js';
import { enableTypedHeaders, republishHeaders, withClusterId } from '../wire/typed-headers.js';

/** Messages taken per round: the prefetch, so the broker never hands over more. */
const ROUND = 1000;
/** A round whose deliveries stop coming (someone else took the rest) ends after this long. */
const IDLE_MS = 1000;

/**
 * Moves every message of queue `from` into queue `to`, as `queue move` does: each is published
 * through the default exchange with `mandatory` and confirms, its body, properties and header
 * wire types kept, and acked in `from` only once `to` confirmed it. A kill at any moment leaves
 * each message in one queue or both (a duplicate), never in neither. Returns how many moved.
 */
export async function drainInto(connection: BrokerConnection, from: string, to: string): Promise<number> {
  const source = await connection.channel();
  const destination = await connection.confirmChannel();
  // Both channels share the connection: headers are read as bytes and written back as they came.
  enableTypedHeaders(destination);
  let returned: string | undefined;
  destination.on('return', (message: Message) => {
    returned ??= `the broker returned a message for queue '${to}' (${(message.fields as { replyText?: string }).replyText ?? 'unroutable'})`;
  });
  let moved = 0;
  for (;;) {
    const ready = (await source.checkQueue(from)).messageCount;
    if (ready === 0) break;
    const taken = await round(source, destination, from, to, Math.min(ready, ROUND));
    // Another consumer took them, or the queue is a stream (a log, which a consumer reads from the end).
    if (taken.length === 0)
      throw new RuntimeError(`queue '${from}' holds ${ready} messages that mqcli could not take within ${IDLE_MS} ms (another consumer?)`);
    await destination.waitForConfirms();
    // Not acked: closing the channel puts them back in the source, and nothing is lost.
    if (returned !== undefined) throw new RuntimeError(returned);
    source.ack(taken[taken.length - 1] as Message, true);
    moved += taken.length;
  }
  await source.close();
  await destination.close();
  return moved;
}

type Channel = Awaited<ReturnType<BrokerConnection['channel']>>;
type ConfirmChannel = Awaited<ReturnType<BrokerConnection['confirmChannel']>>;

/** Consumes up to `want` messages (the prefetch caps it), publishing each as it comes, then cancels. */
async function round(source: Channel, destination: ConfirmChannel, from: string, to: string, want: number): Promise<ConsumeMessage[]> {
  await source.prefetch(want);
  const taken: ConsumeMessage[] = [];
  let finish = (): void => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let idle = setTimeout(finish, IDLE_MS);
  const { consumerTag } = await source.consume(
    from,
    (message) => {
      if (message === null) return finish();
      const options: Options.Publish = withClusterId({ ...(message.properties as Options.Publish), headers: republishHeaders(message), mandatory: true });
      destination.publish('', to, message.content, options);
      taken.push(message);
      clearTimeout(idle);
      if (taken.length >= want) finish();
      else idle = setTimeout(finish, IDLE_MS);
    },
    { noAck: false },
  );
  await finished;
  clearTimeout(idle);
  // After cancel-ok no more deliveries come; the prefetch kept those before it within `want`.
  await source.cancel(consumerTag);
  return taken;
}
