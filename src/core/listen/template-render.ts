import type { Message } from 'amqplib';
import { plainHeaders } from '../wire/plain-headers.js';
import { oneLine, showControls } from '../escape.js';
import type { Placeholder, TemplatePart } from './template.js';

/**
 * Writes a message through a parsed template. In a pipe, bytes go out as they came (the body
 * exactly); on a terminal, control characters from the message are shown as \xHH, never acted on
 * (the body keeps its newlines and tabs), while the template's own \n and \t stay layout.
 */
export function renderTemplate(parts: readonly TemplatePart[], message: Message, deliveredAt: Date, terminal: boolean): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      chunks.push(Buffer.from(part.text));
      continue;
    }
    if (part.kind === 'field' && part.name === 'body') {
      chunks.push(terminal ? Buffer.from(showControls(message.content.toString('utf8'))) : message.content);
      continue;
    }
    const text = part.kind === 'header' ? headerText(message, part.name) : fieldText(message, part.name, deliveredAt);
    chunks.push(Buffer.from(terminal ? oneLine(text) : text));
  }
  return Buffer.concat(chunks);
}

function fieldText(message: Message, name: Placeholder, deliveredAt: Date): string {
  const { fields, properties, content } = message;
  switch (name) {
    case 'exchange':
      return fields.exchange;
    case 'routingKey':
      return fields.routingKey;
    case 'redelivered':
      return String(fields.redelivered);
    case 'deliveredAt':
      return deliveredAt.toISOString();
    case 'body':
      return content.toString('utf8');
    case 'bodyBase64':
      return content.toString('base64');
    case 'size':
      return String(content.length);
    case 'headers':
      return properties.headers === undefined ? '' : JSON.stringify(plainHeaders(message) ?? {}, jsonValue);
    default:
      return valueText((properties as unknown as Record<string, unknown>)[name]);
  }
}

function headerText(message: Message, name: string): string {
  const headers = plainHeaders(message);
  return headers !== undefined && Object.hasOwn(headers, name) ? valueText(headers[name]) : '';
}

/** A value as text: strings as they are, bytes as UTF-8, absent as nothing, anything else as JSON. */
function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value, jsonValue);
}

/** JSON.stringify's replacer: bytes as UTF-8 text, big integers as digits. */
function jsonValue(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  return typeof value === 'bigint' ? value.toString() : value;
}
