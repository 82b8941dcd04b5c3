import { BrokerConnection } from '../broker/connection.js';
import type { Run } from '../context.js';
import { formatCount, plural } from '../../ui/format.js';
import type { MovePlan } from './plan.js';
import { describeRoute, routeOf } from './route.js';

/**
 * --dry-run: takes the source's messages one by one without acking them, prints where each would
 * go, and closes the channel, which puts every one back (marked redelivered). Returns how many
 * would not be routed.
 */
export async function dryRun(run: Run, plan: MovePlan): Promise<number> {
  const connection = await BrokerConnection.open((await run.settings()).connection, { name: 'mqcli queue move --dry-run' });
  let seen = 0;
  let unrouted = 0;
  try {
    const channel = await connection.channel();
    await channel.checkQueue(plan.source);
    while (plan.count === undefined || seen < plan.count) {
      const message = await channel.get(plan.source, { noAck: false });
      if (message === false) break;
      seen++;
      const route = routeOf(message, plan.target);
      if (route === undefined) unrouted++;
      const id = message.properties.messageId === undefined ? '' : `\t${String(message.properties.messageId)}`;
      run.stdout.write(`${seen}\t${route === undefined ? '(no origin: stays)' : describeRoute(route)}${id}\n`);
    }
  } finally {
    await connection.close();
  }
  const stays = unrouted > 0 ? `; ${formatCount(unrouted)} name no origin and would stay` : '';
  run.log.info(`would move ${plural(seen - unrouted, 'message')} from queue '${plan.source}'${stays}; nothing was moved`);
  return unrouted;
}
