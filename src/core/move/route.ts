import type { Message } from 'amqplib';
import type { MoveTarget } from './plan.js';

/** Where one message is published: an exchange and a routing key. */
export interface Route {
  exchange: string;
  routingKey: string;
}

/**
 * The queue a dead-lettered message came from: the first `x-death` entry (the latest death,
 * RabbitMQ puts it first), else `x-first-death-queue`. Undefined when it names none.
 */
export function originOf(message: Message): string | undefined {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const deaths = headers['x-death'];
  if (Array.isArray(deaths)) {
    const queue = (deaths[0] as { queue?: unknown } | undefined)?.queue;
    if (typeof queue === 'string' && queue !== '') return queue;
  }
  const first = headers['x-first-death-queue'];
  if (typeof first === 'string' && first !== '') return first;
  return Buffer.isBuffer(first) && first.length > 0 ? first.toString('utf8') : undefined;
}

/** Where `message` goes for this target; undefined when a redrive finds no origin. */
export function routeOf(message: Message, target: MoveTarget): Route | undefined {
  if (target.kind === 'queue') return { exchange: '', routingKey: target.queue };
  if (target.kind === 'exchange') return { exchange: target.exchange, routingKey: target.routingKey ?? message.fields.routingKey };
  const origin = originOf(message);
  return origin === undefined ? undefined : { exchange: '', routingKey: origin };
}

/** `queue 'work'` or `exchange 'logs' (routing key 'a.b')`, for what is said about a route. */
export function describeRoute(route: Route): string {
  return route.exchange === '' ? `queue '${route.routingKey}'` : `exchange '${route.exchange}' (routing key '${route.routingKey}')`;
}
