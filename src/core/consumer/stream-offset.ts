import { UsageError } from '../errors.js';

/** An `x-stream-offset` value, as RabbitMQ takes it. */
export type StreamOffset = string | number | { '!': 'timestamp'; value: number };

/**
 * Reads `--offset`: first, last, next, an offset number, an interval (30m, 1h, 7D…) or a point in
 * time (ISO 8601), which becomes an AMQP timestamp in seconds.
 */
export function parseOffset(text: string): StreamOffset {
  if (text === 'first' || text === 'last' || text === 'next') return text;
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d+[YMDhms]$/.test(text)) return text;
  const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(`--offset must be first, last, next, a number, an interval like 30m or 7D, or an ISO time; not '${text}'`);
  }
  return { '!': 'timestamp', value: Math.floor(time / 1000) };
}
