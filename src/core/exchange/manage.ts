import type { Run } from '../context.js';
import { checkExchange } from '../broker/probe.js';
import { withConnection } from '../broker/session.js';
import { parseArguments } from '../key-value.js';
import { listNamed } from '../management/list.js';
import { managementApi } from '../management/verify.js';

export interface ExchangeOptions {
  type: string;
  durable?: boolean | undefined;
  autoDelete?: boolean | undefined;
  internal?: boolean | undefined;
  alternateExchange?: string | undefined;
  arg?: string[] | undefined;
}

/** An exchange and its settings, as declared or as the management API lists it. */
export interface Exchange {
  exchange: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

/** `exchange declare`: idempotent like queue declare; another type on an existing exchange is a 406 naming both. */
export async function exchangeDeclare(run: Run, name: string, options: ExchangeOptions): Promise<Exchange> {
  const args: Record<string, unknown> = parseArguments(options.arg ?? []);
  if (options.alternateExchange !== undefined) args['alternate-exchange'] = options.alternateExchange;
  const spec = { durable: options.durable ?? true, autoDelete: options.autoDelete ?? false, internal: options.internal ?? false, arguments: args };
  const { connection: settings } = await run.settings();
  await withConnection(settings, { name: 'mqcli exchange declare' }, async (broker) => {
    await (await broker.channel()).assertExchange(name, options.type, spec);
  });
  return { exchange: name, type: options.type, ...spec };
}

/** `exchange delete`: a missing exchange is an error (404), not a silent success. */
export async function exchangeDelete(run: Run, name: string, options: { ifUnused: boolean }): Promise<void> {
  const { connection: settings } = await run.settings();
  await withConnection(settings, { name: 'mqcli exchange delete' }, async (broker) => {
    await checkExchange(broker, name);
    await (await broker.channel()).deleteExchange(name, { ifUnused: options.ifUnused });
  });
}

interface ApiExchange {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

/** One row of `exchange list`; the default exchange has the name ''. */
export interface ExchangeRow {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

/** `exchange list`: every exchange in the vhost, through the management API, sorted by name. */
export async function exchangeList(run: Run, filter: string | undefined): Promise<ExchangeRow[]> {
  const api = await managementApi(run, 'mqcli exchange list');
  const { connection: settings } = await run.settings();
  const columns = ['name', 'type', 'durable', 'auto_delete', 'internal', 'arguments'];
  return (await listNamed<ApiExchange>(api, settings.vhost, 'exchanges', columns, filter)).map((exchange) => ({
    name: exchange.name,
    type: exchange.type,
    durable: exchange.durable,
    autoDelete: exchange.auto_delete,
    internal: exchange.internal,
    arguments: exchange.arguments ?? {},
  }));
}
