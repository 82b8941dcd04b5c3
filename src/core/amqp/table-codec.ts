import { INTEGERS, type TypedTable, type TypedValue, isIntegerTag, tableOf } from './typed-value.js';

/** A field table whose bytes do not parse: cut short, or an unknown type tag. */
export class TableFormatError extends Error {
  override name = 'TableFormatError';
}

/** Decodes the bytes of a field table (without its 4-byte length) keeping every wire type. */
export function decodeTable(bytes: Buffer): TypedTable {
  return new Reader(bytes).table(bytes.length);
}

/** Encodes a field table, 4-byte length first, exactly as typed. */
export function encodeTable(table: TypedTable): Buffer {
  const parts: Buffer[] = [];
  writeTable(parts, table);
  return Buffer.concat(parts);
}

class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  table(end: number): TypedTable {
    const entries: [string, TypedValue][] = [];
    while (this.offset < end) {
      const key = this.take(this.bytes.readUInt8(this.offset++)).toString('utf8');
      entries.push([key, this.value()]);
    }
    this.at(end);
    return tableOf(entries);
  }

  private value(): TypedValue {
    const tag = String.fromCharCode(this.take(1)[0]!);
    if (isIntegerTag(tag)) {
      const { bytes, min } = INTEGERS[tag];
      const raw = this.take(bytes);
      return { tag, value: min < 0 ? raw.readIntBE(0, bytes) : raw.readUIntBE(0, bytes) };
    }
    switch (tag) {
      case 't': return { tag, value: this.take(1)[0] !== 0 };
      case 'l': return { tag, value: this.take(8).readBigInt64BE(0) };
      case 'T': return { tag, value: this.take(8).readBigUInt64BE(0) };
      case 'f': return { tag, value: this.take(4).readFloatBE(0) };
      case 'd': return { tag, value: this.take(8).readDoubleBE(0) };
      case 'D': return { tag, places: this.take(1)[0]!, digits: this.take(4).readUInt32BE(0) };
      case 'S':
      case 'x': return { tag, value: Buffer.from(this.take(this.take(4).readUInt32BE(0))) };
      case 'V': return { tag };
      case 'F': return { tag, value: this.table(this.end()) };
      case 'A': {
        const end = this.end();
        const items: TypedValue[] = [];
        while (this.offset < end) items.push(this.value());
        this.at(end);
        return { tag, value: items };
      }
      default:
        throw new TableFormatError(`unknown field type tag 0x${tag.charCodeAt(0).toString(16).padStart(2, '0')} at byte ${this.offset - 1}`);
    }
  }

  /** Reads a 4-byte length and returns where that many bytes end. */
  private end(): number {
    const length = this.take(4).readUInt32BE(0);
    if (this.offset + length > this.bytes.length) throw this.short();
    return this.offset + length;
  }

  private take(count: number): Buffer {
    if (this.offset + count > this.bytes.length) throw this.short();
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  private at(end: number): void {
    if (this.offset !== end) throw new TableFormatError(`a value runs past the end of its table or array at byte ${end}`);
  }

  private short(): TableFormatError {
    return new TableFormatError(`field table cut short at byte ${this.offset} of ${this.bytes.length}`);
  }
}

function writeTable(parts: Buffer[], table: TypedTable): void {
  const at = parts.push(Buffer.alloc(4)) - 1;
  const start = parts.length;
  for (const [key, value] of Object.entries(table)) {
    const name = Buffer.from(key, 'utf8');
    if (name.length > 255) throw new RangeError(`table key "${key.slice(0, 40)}…" is longer than 255 bytes`);
    parts.push(Buffer.of(name.length), name);
    writeValue(parts, value);
  }
  parts[at]!.writeUInt32BE(byteLength(parts, start));
}

function writeValue(parts: Buffer[], typed: TypedValue): void {
  const { tag } = typed;
  parts.push(Buffer.from(tag, 'latin1'));
  if (isIntegerTag(tag)) {
    const { bytes, min } = INTEGERS[tag];
    const out = Buffer.alloc(bytes);
    const value = (typed as { value: number }).value;
    if (min < 0) out.writeIntBE(value, 0, bytes);
    else out.writeUIntBE(value, 0, bytes);
    parts.push(out);
    return;
  }
  const out = (size: number, write: (buffer: Buffer) => void) => {
    const buffer = Buffer.alloc(size);
    write(buffer);
    parts.push(buffer);
  };
  switch (typed.tag) {
    case 't': return out(1, (b) => b.writeUInt8(typed.value ? 1 : 0));
    case 'l': return out(8, (b) => b.writeBigInt64BE(typed.value));
    case 'T': return out(8, (b) => b.writeBigUInt64BE(typed.value));
    case 'f': return out(4, (b) => b.writeFloatBE(typed.value));
    case 'd': return out(8, (b) => b.writeDoubleBE(typed.value));
    case 'D': return out(5, (b) => { b.writeUInt8(typed.places); b.writeUInt32BE(typed.digits, 1); });
    case 'S':
    case 'x':
      out(4, (b) => b.writeUInt32BE(typed.value.length));
      parts.push(typed.value);
      return;
    case 'V': return;
    case 'F': return writeTable(parts, typed.value);
    case 'A': {
      const at = parts.push(Buffer.alloc(4)) - 1;
      const start = parts.length;
      for (const item of typed.value) writeValue(parts, item);
      parts[at]!.writeUInt32BE(byteLength(parts, start));
      return;
    }
  }
}

function byteLength(parts: Buffer[], from: number): number {
  let total = 0;
  for (let i = from; i < parts.length; i++) total += parts[i]!.length;
  return total;
}
