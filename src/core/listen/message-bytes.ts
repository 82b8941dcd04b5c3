import { isUtf8 } from 'node:buffer';
import type { Style } from '../../ui/style.js';
import type { Message } from 'amqplib';
import { toEnvelope } from '../envelope.js';
import { oneLine, showControls } from '../escape.js';
import type { TemplatePart } from './template.js';
import { renderTemplate } from './template-render.js';

import type { Format } from './output-formats.js';

export interface FormatOptions {
  /** Written after each body in raw format. */
  delimiter: Buffer;
  /** Colours for pretty format (level 0 for none). */
  style: Style;
  /** --template, parsed (template.ts), and whether stdout is a terminal. */
  template?: { parts: readonly TemplatePart[]; terminal: boolean } | undefined;
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
    // --template: rendering lives in template-render.ts.
    case 'template': {
      const { parts, terminal } = options.template ?? { parts: [], terminal: false };
      return (message) => renderTemplate(parts, message, new Date(), terminal);
    }
  }
}

/**
 * A header line (time, routing key, flags, content type, headers in short), then the body. Control
 * characters that came with the message are shown, never sent to the terminal; the header line
 * stays one line.
 */
export function pretty(message: Message, at: Date, style: Style): string {
  const { fields, properties } = message;
  const mark = (shown: string) => style.dim(shown);
  const shown = (text: string) => oneLine(text, mark);
  const parts = [style.dim(at.toISOString().slice(11, 23)), style.bold.cyan(fields.routingKey === '' ? '(no routing key)' : shown(fields.routingKey))];
  if (fields.exchange !== '') parts.push(style.dim(`via ${shown(fields.exchange)}`));
  if (fields.redelivered) parts.push(style.yellow('redelivered'));
  if (properties.contentType !== undefined) parts.push(style.magenta(shown(String(properties.contentType))));
  const headers = Object.entries((properties.headers ?? {}) as Record<string, unknown>);
  if (headers.length > 0) parts.push(style.dim(headers.map(([key, value]) => `${shown(key)}=${shown(shortValue(value))}`).join(' ')));
  return `${parts.join('  ')}\n${prettyBody(message, style, (text) => showControls(text, mark))}\n`;
}

function prettyBody(message: Message, style: Style, shown: (text: string) => string): string {
  const { content } = message;
  if (!isUtf8(content)) {
    const preview = content
      .subarray(0, 24)
      .toString('hex')
      .replace(/(..)(?!$)/g, '$1 ');
    return style.dim(`(binary, ${content.length} bytes) ${preview}${content.length > 24 ? ' …' : ''}`);
  }
  const text = content.toString('utf8');
  const type = String(message.properties.contentType ?? '');
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return shown(JSON.stringify(JSON.parse(text), null, 2));
    } catch {
      // Not JSON after all: print it as it is.
    }
  }
  return shown(text);
}

function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : inline(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A header value as JSON, but bytes at any depth as `<3 bytes>`, the way they read at the top. */
function inline(value: unknown): string {
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return `[${value.map(inline).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${inline(item)}`)
      .join(',')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
