import type { Exchange, ExchangeRow } from '../../core/exchange/manage.js';
import { formatJson, formatLine, formatTable } from '../../ui/table.js';
import { renderRecord, type RenderOptions } from '../record.js';

/** `exchange declare`: the exchange and its settings. */
export function renderExchange(exchange: Exchange, options: RenderOptions): string {
  return renderRecord({ ...exchange }, options);
}

export function renderExchangeDeleted(name: string, options: RenderOptions): string {
  return options.json ? formatJson({ exchange: name, deleted: true }) : formatLine(`deleted exchange '${name}'`);
}

/** `exchange list`: a JSON array, or a table naming the default exchange `(default)`. */
export function renderExchangeList(rows: readonly ExchangeRow[], options: RenderOptions): string {
  if (options.json) return formatJson(rows);
  return formatTable(
    rows.map((exchange) => [
      exchange.name === '' ? '(default)' : exchange.name,
      exchange.type,
      String(exchange.durable),
      String(exchange.autoDelete),
      String(exchange.internal),
    ]),
    { tty: options.tty, header: ['name', 'type', 'durable', 'auto-delete', 'internal'], style: options.style },
  );
}
