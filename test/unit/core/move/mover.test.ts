import { EventEmitter } from 'node:events';
import type { Channel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { probeHeaderFrame } from '../../../../src/core/wire/frames.js';
import { encodeTable } from '../../../../src/core/wire/table-codec.js';
import { enableTypedHeaders } from '../../../../src/core/wire/typed-headers.js';
import type { TypedTable } from '../../../../src/core/wire/typed-value.js';
import { Mover } from '../../../../src/core/move/mover.js';
import type { MoveTarget } from '../../../../src/core/move/plan.js';
import { fakeConnection } from '../../../helpers/amqplib-lib.js';

/** Properties as a connection with typed headers delivers them (the raw table kept), no broker involved. */
function received(headers: TypedTable = {}): Record<string, unknown> {
  const { connection, channel } = fakeConnection([probeHeaderFrame(encodeTable(headers))]);
  enableTypedHeaders(channel);
  return (connection.recvFrame() as { fields: Record<string, unknown> }).fields;
}

const message = (tag: number, body = `m${tag}`, properties = received()) =>
  ({
    content: Buffer.from(body),
    fields: { deliveryTag: tag, redelivered: false, exchange: '', routingKey: 'rk', consumerTag: 'c' },
    properties,
  }) as unknown as ConsumeMessage;

/** The source: records acks as [tag, multiple]. */
class Source extends EventEmitter {
  readonly acks: [number, boolean][] = [];
  failAcks = false;
  ack(message: ConsumeMessage, multiple = false): void {
    if (this.failAcks) throw new Error('Channel closed');
    this.acks.push([message.fields.deliveryTag, multiple]);
  }
}

/** The destination: records publishes; the test confirms, nacks or returns them. */
class Destination extends EventEmitter {
  readonly published: { exchange: string; routingKey: string; body: string; options: Options.Publish; confirm: (error: Error | null) => void }[] = [];
  failPublish: Error | undefined;
  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish, confirm: (error: Error | null) => void): boolean {
    if (this.failPublish !== undefined) throw this.failPublish;
    this.published.push({ exchange, routingKey, body: content.toString(), options, confirm });
    return true;
  }
  confirm(index: number, error: Error | null = null): void {
    this.published[index]!.confirm(error);
  }
}

function mover(target: MoveTarget = { kind: 'queue', queue: 'dst' }, limit?: number) {
  const source = new Source();
  const destination = new Destination();
  let changes = 0;
  const made = new Mover(source as unknown as Channel, destination as unknown as ConfirmChannel, target, limit, () => changes++);
  return { mover: made, source, destination, changes: () => changes };
}

describe('Mover', () => {
  it('publishes each message mandatory with its properties, and acks it in the source once confirmed', () => {
    const { mover: m, source, destination } = mover();
    const props = received({ trace: { tag: 'S', value: Buffer.from('x') } });
    props.contentType = 'text/plain';
    m.handle(message(1, 'a', props));
    expect(destination.published.map((p) => [p.exchange, p.routingKey, p.body, p.options.mandatory, p.options.contentType])).toEqual([
      ['', 'dst', 'a', true, 'text/plain'],
    ]);
    expect(destination.published[0]!.options.headers).toBeDefined();
    expect(source.acks).toEqual([]);
    expect(m.pending).toBe(1);
    destination.confirm(0);
    expect(source.acks).toEqual([[1, true]]);
    expect([m.moved, m.pending]).toEqual([1, 0]);
    expect([...m.routes]).toEqual([["queue 'dst'", 1]]);
  });

  it('acks only the confirmed run at the front, with one multiple ack', () => {
    const { mover: m, source, destination } = mover();
    for (const tag of [1, 2, 3]) m.handle(message(tag));
    destination.confirm(2);
    destination.confirm(1);
    expect(source.acks).toEqual([]);
    destination.confirm(0);
    expect(source.acks).toEqual([[3, true]]);
    expect(m.moved).toBe(3);
  });

  it('stops at a nack: the refused message and the rest stay unacked, and it takes no more', () => {
    const { mover: m, source, destination } = mover();
    m.handle(message(1));
    m.handle(message(2));
    destination.confirm(0);
    destination.confirm(1, new Error('message nacked'));
    m.handle(message(3));
    expect(source.acks).toEqual([[1, true]]);
    expect(destination.published).toHaveLength(2);
    expect(m.refusal).toEqual({ index: 2, reason: 'the destination nacked it (a full queue with reject-publish, say)', nacked: true });
  });

  it('stops at a returned message, saying which routing key nothing takes', () => {
    const { mover: m, source, destination } = mover({ kind: 'exchange', exchange: 'ex', routingKey: undefined });
    m.handle(message(1, 'a'));
    expect(destination.published[0]).toMatchObject({ exchange: 'ex', routingKey: 'rk' });
    destination.emit('return', { content: Buffer.from('a'), fields: { exchange: 'ex', routingKey: 'rk', replyText: 'NO_ROUTE' }, properties: {} });
    destination.confirm(0);
    expect(source.acks).toEqual([]);
    expect(m.refusal).toEqual({ index: 1, reason: "unroutable (NO_ROUTE: nothing takes routing key 'rk')" });
  });

  it('takes --count messages and leaves the rest, then acks one by one past a skipped tag', () => {
    const { mover: m, source, destination } = mover(undefined, 2);
    m.handle(message(1));
    m.handle(message(2));
    m.handle(message(3)); // over the limit: left unacked
    destination.confirm(0);
    expect(m.done).toBe(false);
    destination.confirm(1);
    expect(m.done).toBe(true);
    expect(source.acks).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('never covers a skipped message with a multiple ack', () => {
    const { mover: m, source, destination } = mover({ kind: 'redrive' });
    const dead = (tag: number, queue?: string) => {
      const props = received();
      if (queue !== undefined) props.headers = { 'x-death': [{ queue, count: 1 }] };
      return message(tag, `m${tag}`, props);
    };
    m.handle(dead(1, 'orders'));
    m.handle(dead(2)); // names no origin: left in the source
    m.handle(dead(3, 'billing'));
    destination.confirm(0);
    destination.confirm(1);
    expect(destination.published.map((p) => p.routingKey)).toEqual(['orders', 'billing']);
    expect(source.acks).toEqual([
      [1, true],
      [3, false],
    ]);
    expect([m.moved, m.unrouted]).toEqual([2, 1]);
    expect([...m.routes]).toEqual([
      ["queue 'orders'", 1],
      ["queue 'billing'", 1],
    ]);
  });

  it('after stop(), takes no more but lets what is in flight settle', () => {
    const { mover: m, source, destination } = mover();
    m.handle(message(1));
    m.stop();
    m.handle(message(2));
    destination.confirm(0);
    expect(destination.published).toHaveLength(1);
    expect(source.acks).toEqual([[1, true]]);
    expect(m.refusal).toBeUndefined();
  });

  it.each([
    ['the consumer is cancelled', (m: Mover) => m.handle(null), 'the broker cancelled the consumer of the source (deleted?)'],
    ['the source channel closes', (_m: Mover, source: Source) => source.emit('close'), 'the broker closed the channel to the source'],
  ])('stops when %s', (_what, happen, reason) => {
    const { mover: m, source, changes } = mover();
    happen(m, source);
    expect(m.refusal).toEqual({ index: 0, reason });
    expect(changes()).toBeGreaterThan(0);
  });

  it('says why the broker closed the destination channel when its confirms fail', () => {
    const { mover: m, destination } = mover();
    m.handle(message(1));
    destination.emit(
      'error',
      Object.assign(new Error('Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no exchange \'x\'"'), { code: 404 }),
    );
    destination.confirm(0, new Error('channel closed'));
    expect(m.refusal?.index).toBe(1);
    expect(m.refusal?.reason).toMatch(/^the broker closed the channel to the destination: /);
  });

  it('a closed destination without a reason, a publish that throws, an ack that fails: each stops the move', () => {
    const lost = mover();
    lost.mover.handle(message(1));
    lost.destination.confirm(0, new Error('channel closed'));
    expect(lost.mover.refusal).toEqual({ index: 1, reason: 'the channel to the destination closed before it confirmed' });

    const throwing = mover();
    throwing.destination.failPublish = new Error('Channel closed');
    throwing.mover.handle(message(1));
    expect(throwing.mover.refusal).toEqual({ index: 1, reason: 'Channel closed' });
    expect(throwing.mover.pending).toBe(0);

    const acking = mover();
    acking.source.failAcks = true;
    acking.mover.handle(message(1));
    acking.destination.confirm(0);
    expect(acking.mover.refusal).toEqual({ index: 0, reason: 'the channel to the source closed' });
    expect(acking.mover.moved).toBe(0);
  });
});
