import { isUtf8 } from 'node:buffer';
import type { Style } from '../../ui/style.js';
import type { Message } from 'amqplib';
import { toEnvelope } from '../envelope.js';

export const FORMATS = ['pretty', 'raw', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  /** Written after each body in raw format. */
  delimiter: Buffer;
  /** Colours for pretty format (level 0 for none). */
  style: Style;
}

/** Turns a delivered message into the bytes to write for it. */
export type Formatter = (message: Message) => Buffer;

export function formatter(format: Format, options: FormatOptions): Formatter {
  switch (format) {
    case 'raw':
      return (message) => Buffer.concat([message.content, options.delimiter]);
    case 'json':
      return (message) => Buffer.from(`${JSON.stringify(toEnvelope(message, new Date()))}\n`);
    case 'pretty':
      return (message) => Buffer.from(pretty(message, new Date(), options.style));
  }
}

/** A header line (time, routing key, flags, content type, headers in short), then the body. */
export function pretty(message: Message, at: Date, style: Style): string {
  const { fields, properties } = message;
  const parts = [style.dim(at.toISOString().slice(11, 23)), style.bold.cyan(fields.routingKey === '' ? '(no routing key)' : fields.routingKey)];
  if (fields.exchange !== '') parts.push(style.dim(`via ${fields.exchange}`));
  if (fields.redelivered) parts.push(style.yellow('redelivered'));
  if (properties.contentType !== undefined) parts.push(style.magenta(String(properties.contentType)));
  const headers = Object.entries((properties.headers ?? {}) as Record<string, unknown>);
  if (headers.length > 0) parts.push(style.dim(headers.map(([key, value]) => `${key}=${shortValue(value)}`).join(' ')));
  return `${parts.join('  ')}\n${prettyBody(message, style)}\n`;
}

function prettyBody(message: Message, style: Style): string {
  const { content } = message;
  if (!isUtf8(content)) {
    const preview = content.subarray(0, 24).toString('hex').replace(/(..)(?!$)/g, '$1 ');
    return style.dim(`(binary, ${content.length} bytes) ${preview}${content.length > 24 ? ' …' : ''}`);
  }
  const text = content.toString('utf8');
  const type = String(message.properties.contentType ?? '');
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON after all: print it as it is.
    }
  }
  return text;
}

function shortValue(value: unknown): string {
  const text = Buffer.isBuffer(value) ? `<${value.length} bytes>` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
