// A consumer core without a broker, for unit tests of the handlers: the real Dispatch (what is new,
// what is a redelivery, what --count takes) drives a handler, and records how it would end.
import type { Channel, ConsumeMessage } from 'amqplib';
import { Dispatch } from '../../src/core/consumer/dispatch.js';
import type { ConsumeEnd } from '../../src/core/consumer/end.js';
import type { ConsumerHost, Handler } from '../../src/core/consumer/handler.js';
import type { Run } from '../../src/core/context.js';
import { typedDelivery } from './typed-message.js';

export interface Harness<R> {
  host: ConsumerHost<R>;
  dispatch: Dispatch<R>;
  ends: ConsumeEnd[];
  deliver(channel: Channel, message: ConsumeMessage | null): void;
}

/** A host whose first end is recorded (and stops the handler), as the consumer core does. */
export function consumerHarness<R, H extends Handler<R>>(
  makeHandler: (host: ConsumerHost<R>) => H,
  count?: number,
  run?: Partial<Run>,
): Harness<R> & { handler: H } {
  const ends: ConsumeEnd[] = [];
  let handler: H | undefined;
  const end = (why: ConsumeEnd) => {
    if (ends.length > 0) return;
    ends.push(why);
    handler?.stop();
  };
  const dispatch = new Dispatch<R>({ label: "queue 'q'", count, end, ended: () => ends.length > 0 });
  const host: ConsumerHost<R> = {
    run: run as Run,
    memory: dispatch.memory,
    gate: dispatch.gate,
    end,
    get ended() {
      return ends.length > 0;
    },
    progress: () => dispatch.progress(),
    giveBack: (n) => dispatch.giveBack(n),
    resubscribe: async () => {},
  };
  handler = makeHandler(host);
  dispatch.handler = handler;
  return { host, dispatch, ends, handler, deliver: (channel, message) => dispatch.deliver(channel, message) };
}

/** A delivered message, as a channel with the typed header reader delivers it; `consumerTag` 'c' unless said. */
export const delivery = (tag: number, body = `m${tag}`, options: { redelivered?: boolean; consumerTag?: string; properties?: Record<string, unknown> } = {}) =>
  typedDelivery({
    content: Buffer.from(body),
    fields: { deliveryTag: tag, redelivered: options.redelivered === true, exchange: '', routingKey: 'q', consumerTag: options.consumerTag ?? 'c' },
    properties: options.properties ?? {},
  }) as unknown as ConsumeMessage;

/** Records acks (and nacks) the way a channel would receive them. */
export const recordingChannel = () => {
  const acks: [number, boolean][] = [];
  const nacks: [number, boolean, boolean][] = [];
  const channel = {
    ack: (m: ConsumeMessage, multiple = false) => acks.push([m.fields.deliveryTag, multiple]),
    nack: (m: ConsumeMessage, multiple = false, requeue = true) => nacks.push([m.fields.deliveryTag, multiple, requeue]),
  } as unknown as Channel;
  return { acks, nacks, channel };
};
