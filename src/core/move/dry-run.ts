import { BrokerConnection } from '../broker/connection.js';
import { enableTypedHeaders } from '../wire/typed-headers.js';
import type { Run } from '../context.js';
import type { MovePlan } from './plan.js';
import { describeRoute, routeOf } from './route.js';

/** What a dry run saw: messages looked at, and how many of them name no origin (a redrive). */
export interface DryRunOutcome {
  source: string;
  seen: number;
  unrouted: number;
}

/**
 * --dry-run (of what --where matches): takes the source's messages one by one without acking them, prints where each would
 * go, and closes the channel, which puts every one back (marked redelivered).
 */
export async function dryRun(run: Run, plan: MovePlan): Promise<DryRunOutcome> {
  const connection = await BrokerConnection.open((await run.settings()).connection, { name: 'mqcli queue move --dry-run' });
  let seen = 0;
  let unrouted = 0;
  try {
    const channel = await connection.channel();
    // --where reads header tables with their types.
    if (plan.where !== undefined) enableTypedHeaders(channel);
    await channel.checkQueue(plan.source);
    while (plan.count === undefined || seen < plan.count) {
      const message = await channel.get(plan.source, { noAck: false });
      if (message === false) break;
      if (plan.where !== undefined && !plan.where.matches(message)) continue;
      seen++;
      const route = routeOf(message, plan.target);
      if (route === undefined) unrouted++;
      const id = message.properties.messageId === undefined ? '' : `\t${String(message.properties.messageId)}`;
      run.stdout.write(`${seen}\t${route === undefined ? '(no origin: stays)' : describeRoute(route)}${id}\n`);
    }
  } finally {
    await connection.close();
  }
  return { source: plan.source, seen, unrouted };
}
