import type { Run } from './context.js';
import { withConnection } from './broker/session.js';
import { parseArguments } from './key-value.js';

export interface BindingRequest {
  /** A queue for `queue bind`, an exchange for `exchange bind`. */
  kind: 'queue' | 'exchange';
  destination: string;
  source: string;
  routingKey: string;
  arg: string[];
  unbind: boolean;
}

/** The binding that was made or removed, with its arguments typed. */
export interface Binding {
  kind: 'queue' | 'exchange';
  destination: string;
  source: string;
  routingKey: string;
  arguments: Record<string, unknown>;
  bound: boolean;
}

/** Binds (or unbinds) a queue or an exchange to a source exchange; a missing one is a 404 naming it. */
export async function changeBinding(run: Run, request: BindingRequest): Promise<Binding> {
  const args = parseArguments(request.arg);
  const { connection: settings } = await run.settings();
  const verb = request.unbind ? 'unbind' : 'bind';
  await withConnection(settings, { name: `mqcli ${request.kind} ${verb}` }, async (broker) => {
    const channel = await broker.channel();
    const { destination, source, routingKey } = request;
    if (request.kind === 'queue') {
      await (request.unbind ? channel.unbindQueue(destination, source, routingKey, args) : channel.bindQueue(destination, source, routingKey, args));
    } else {
      await (request.unbind ? channel.unbindExchange(destination, source, routingKey, args) : channel.bindExchange(destination, source, routingKey, args));
    }
  });
  const { kind, destination, source, routingKey } = request;
  return { kind, destination, source, routingKey, arguments: args, bound: !request.unbind };
}
