import type { Run } from '../context.js';
import { withConnection } from '../broker/session.js';
import { parseArguments } from '../key-value.js';
import { listNamed } from '../management/list.js';
import { managementApi } from '../management/verify.js';
import { checkExchange } from '../broker/probe.js';
import { renderRecord } from '../../ui/record.js';
import { formatJson, formatTable } from '../../ui/table.js';

export interface ExchangeOptions {
  type: string;
  durable?: boolean | undefined;
  autoDelete?: boolean | undefined;
  internal?: boolean | undefined;
  alternateExchange?: string | undefined;
  arg?: string[] | undefined;
  json?: boolean | undefined;
}

/** `exchange declare`: idempotent like queue declare; another type on an existing exchange is a 406 naming both. */
export async function exchangeDeclare(run: Run, name: string, options: ExchangeOptions): Promise<string> {
  const args: Record<string, unknown> = parseArguments(options.arg ?? []);
  if (options.alternateExchange !== undefined) args['alternate-exchange'] = options.alternateExchange;
  const spec = { durable: options.durable ?? true, autoDelete: options.autoDelete ?? false, internal: options.internal ?? false, arguments: args };
  const { connection: settings } = await run.settings();
  await withConnection(settings, { name: 'mqcli exchange declare' }, async (broker) => {
    await (await broker.channel()).assertExchange(name, options.type, spec);
  });
  return renderRecord({ exchange: name, type: options.type, ...spec }, { json: options.json === true, tty: run.stdout.isTTY === true });
}

/** `exchange delete`: a missing exchange is an error (404), not a silent success. */
export async function exchangeDelete(run: Run, name: string, options: { ifUnused: boolean; json: boolean }): Promise<string> {
  const { connection: settings } = await run.settings();
  await withConnection(settings, { name: 'mqcli exchange delete' }, async (broker) => {
    await checkExchange(broker, name);
    await (await broker.channel()).deleteExchange(name, { ifUnused: options.ifUnused });
  });
  return options.json ? formatJson({ exchange: name, deleted: true }) : `deleted exchange '${name}'\n`;
}

interface ApiExchange {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
}

/** `exchange list`: every exchange in the vhost, through the management API. */
export async function exchangeList(run: Run, filter: string | undefined, json: boolean): Promise<string> {
  const api = await managementApi(run, 'mqcli exchange list');
  const { connection: settings } = await run.settings();
  const rows = (await listNamed<ApiExchange>(api, settings.vhost, 'exchanges', ['name', 'type', 'durable', 'auto_delete', 'internal', 'arguments'], filter))
    .map((exchange) => ({
      name: exchange.name,
      type: exchange.type,
      durable: exchange.durable,
      autoDelete: exchange.auto_delete,
      internal: exchange.internal,
      arguments: exchange.arguments ?? {},
    }));
  if (json) return formatJson(rows);
  return formatTable(
    rows.map((exchange) => [exchange.name === '' ? '(default)' : exchange.name, exchange.type, String(exchange.durable), String(exchange.autoDelete), String(exchange.internal)]),
    { tty: run.stdout.isTTY === true, header: ['name', 'type', 'durable', 'auto-delete', 'internal'], style: run.stdoutStyle },
  );
}
