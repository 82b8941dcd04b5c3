import type { Channel, ConfirmChannel, ConsumeMessage, Message, Options } from 'amqplib';
import { republishHeaders, withClusterId } from '../wire/typed-headers.js';
import { operationError } from '../broker/error-map.js';
import type { Where } from '../where.js';
import type { MoveTarget } from './plan.js';
import { describeRoute, type Route, routeOf } from './route.js';

/** Why a move stopped before the source was empty. */
export interface Refusal {
  /** Which message, counting from 1 in the order taken. */
  index: number;
  reason: string;
  /** The destination nacked it: after a failover, a quorum queue electing a leader may do that for a while. */
  nacked?: boolean;
}

interface InFlight {
  message: ConsumeMessage;
  route: Route;
  index: number;
  confirmed: boolean;
  returned: string | undefined;
}

/**
 * The engine of `queue move`: each message consumed from the source is published to its route
 * with confirms and `mandatory`, keeping body and properties, and acked in the source only once
 * the destination confirmed it. A nack, a return or a closed channel stops it: the refused
 * message and whatever is not confirmed stay unacked, so closing the source channel puts them back.
 */
export class Mover {
  moved = 0;
  /** Redrive: messages that name no origin queue, left in the source. */
  unrouted = 0;
  /** --where: messages it does not match, left in the source. */
  unmatched = 0;

  refusal: Refusal | undefined;
  private taken = 0;
  private destinationError: Error | undefined;
  private open = 0;
  private stopped = false;
  private readonly inFlight: InFlight[] = [];
  /** Source tags left unacked on purpose: a multiple ack must not cover them. */
  private readonly skipped: number[] = [];

  constructor(
    private readonly source: Channel,
    private readonly destination: ConfirmChannel,
    private readonly target: MoveTarget,
    private readonly limit: number | undefined,
    private readonly onChange: () => void,
    /** Counts per route, kept across the movers of one move (a pass each). */
    readonly routes = new Map<string, number>(),
    private readonly where?: Where | undefined,
    /** queue copy: a confirmed message is not acked; the source keeps it. */
    private readonly keep = false,
  ) {
    destination.on('return', (returned: Message) => this.onReturn(returned));
    // A source channel the broker closes (its consumer timeout, an admin) puts back what we held.
    source.on('close', () => {
      if (!this.stopped) this.refuse(0, 'the broker closed the channel to the source');
    });
    // A channel the broker closes says why first (a user_id that is not ours, a missing exchange).
    destination.on('error', (error: Error) => {
      this.destinationError ??= error;
    });
  }

  /** Messages published and not yet confirmed, nacked or returned. */
  get pending(): number {
    return this.open;
  }

  /** Left unacked in the source for now: without a route, unmatched, or (a copy) copied. */
  get held(): number {
    return this.unrouted + this.unmatched + (this.keep ? this.moved : 0);
  }

  get done(): boolean {
    return this.limit !== undefined && this.moved >= this.limit;
  }

  /** Takes no more messages; what is in flight still settles. */
  stop(): void {
    this.stopped = true;
  }

  /** The consume callback. */
  readonly handle = (message: ConsumeMessage | null): void => {
    if (message === null) {
      this.refuse(0, 'the broker cancelled the consumer of the source (deleted?)');
      return;
    }
    const tag = message.fields.deliveryTag;
    if (this.stopped || (this.limit !== undefined && this.taken >= this.limit)) {
      this.skipped.push(tag);
      return;
    }
    if (this.where !== undefined && !this.where.matches(message)) {
      // Held unacked like a message without a route: closing the channel puts it back in place.
      this.unmatched++;
      this.skipped.push(tag);
      this.onChange();
      return;
    }
    const route = routeOf(message, this.target);
    if (route === undefined) {
      this.unrouted++;
      this.skipped.push(tag);
      this.onChange();
      return;
    }
    const entry: InFlight = { message, route, index: ++this.taken, confirmed: false, returned: undefined };
    this.inFlight.push(entry);
    this.open++;
    const where = describeRoute(route);
    this.routes.set(where, (this.routes.get(where) ?? 0) + 1);
    // The header table goes out as the bytes it came in, so no wire type changes (see session.ts).
    const options: Options.Publish = withClusterId({ ...(message.properties as Options.Publish), headers: republishHeaders(message), mandatory: true });
    try {
      this.destination.publish(route.exchange, route.routingKey, message.content, options, (error) => this.onConfirm(entry, error));
    } catch (error) {
      this.open--;
      this.refuse(entry.index, (error as Error).message);
    }
  };

  private onConfirm(entry: InFlight, error: Error | null): void {
    this.open--;
    if (error !== null) {
      const nacked = error.message === 'message nacked';
      this.refuse(entry.index, nacked ? 'the destination nacked it (a full queue with reject-publish, say)' : this.closedReason(), nacked);
    } else if (entry.returned !== undefined) {
      this.refuse(entry.index, `unroutable (${entry.returned})`);
    } else {
      entry.confirmed = true;
      this.ackSettled();
    }
  }

  /** Acks, in the source, the confirmed messages at the front, with one multiple ack where it may. */
  private ackSettled(): void {
    let count = 0;
    while (count < this.inFlight.length && (this.inFlight[count] as InFlight).confirmed) count++;
    if (count === 0) return;
    const done = this.inFlight.splice(0, count);
    if (this.keep) {
      // Copied: the source's copy stays unacked, and goes back in place when its channel closes.
      this.moved += count;
      this.onChange();
      return;
    }
    const top = (done[done.length - 1] as InFlight).message.fields.deliveryTag;
    try {
      if (this.skipped.some((tag) => tag < top)) for (const entry of done) this.source.ack(entry.message);
      else this.source.ack(done[done.length - 1]?.message as Message, true);
      this.moved += count;
    } catch {
      // The source channel is gone: the broker puts these back, and they exist in both queues.
      this.refuse(0, 'the channel to the source closed');
    }
    this.onChange();
  }

  private closedReason(): string {
    if (this.destinationError === undefined) return 'the channel to the destination closed before it confirmed';
    return `the broker closed the channel to the destination: ${operationError(this.destinationError).message}`;
  }

  /** A returned message is the oldest in flight with the same body and routing key. */
  private onReturn(returned: Message): void {
    const { replyText, routingKey, exchange } = returned.fields as { replyText?: string; routingKey: string; exchange: string };
    const entry = this.inFlight.find(
      (candidate) =>
        !candidate.confirmed &&
        candidate.returned === undefined &&
        candidate.route.routingKey === routingKey &&
        candidate.route.exchange === exchange &&
        candidate.message.content.equals(returned.content),
    );
    if (entry !== undefined) entry.returned = `${replyText ?? 'NO_ROUTE'}: nothing takes routing key '${routingKey}'`;
  }

  /** Taken from the source and published, not yet acked there: after a lost connection they come again. */
  get unsettled(): number {
    return this.inFlight.length;
  }

  private refuse(index: number, reason: string, nacked = false): void {
    this.refusal ??= nacked ? { index, reason, nacked } : { index, reason };
    this.stopped = true;
    this.onChange();
  }
}
