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
      const length = this.need(1) && this.bytes[this.offset++]!;
      this.need(length);
      const key = this.bytes.toString('utf8', this.offset, this.offset + length);
      this.offset += length;
      entries.push([key, this.value()]);
    }
    this.at(end);
    return tableOf(entries);
  }

  private value(): TypedValue {
    const { bytes } = this;
    this.need(1);
    const tag = String.fromCharCode(bytes[this.offset++]!);
    const at = this.offset;
    if (isIntegerTag(tag)) {
      const { bytes: size, min } = INTEGERS[tag];
      this.skip(size);
      return { tag, value: min < 0 ? bytes.readIntBE(at, size) : bytes.readUIntBE(at, size) };
    }
    switch (tag) {
      case 't':
        this.skip(1);
        return { tag, value: bytes[at] !== 0 };
      case 'l':
        this.skip(8);
        return { tag, value: bytes.readBigInt64BE(at) };
      case 'T':
        this.skip(8);
        return { tag, value: bytes.readBigUInt64BE(at) };
      case 'f':
        this.skip(4);
        return { tag, value: bytes.readFloatBE(at) };
      case 'd':
        this.skip(8);
        return { tag, value: bytes.readDoubleBE(at) };
      case 'D':
        this.skip(5);
        // Signed, as Java, .NET, Go, PHP and Python read it (amqplib alone reads it unsigned).
        return { tag, places: bytes[at]!, digits: bytes.readInt32BE(at + 1) };
      case 'S':
      case 'x': {
        const end = this.end();
        this.offset = end;
        return { tag, value: Buffer.from(bytes.subarray(at + 4, end)) };
      }
      case 'V':
        return { tag };
      case 'F':
        return { tag, value: this.table(this.end()) };
      case 'A': {
        const end = this.end();
        const items: TypedValue[] = [];
        while (this.offset < end) items.push(this.value());
        this.at(end);
        return { tag, value: items };
      }
      default:
        throw new TableFormatError(`unknown field type tag 0x${tag.charCodeAt(0).toString(16).padStart(2, '0')} at byte ${at - 1}`);
    }
  }

  /** Reads a 4-byte length and returns where that many bytes end. */
  private end(): number {
    this.skip(4);
    const end = this.offset + this.bytes.readUInt32BE(this.offset - 4);
    if (end > this.bytes.length) throw this.short();
    return end;
  }

  private skip(count: number): void {
    this.need(count);
    this.offset += count;
  }

  private need(count: number): true {
    if (this.offset + count > this.bytes.length) throw this.short();
    return true;
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
    case 't':
      out(1, (b) => b.writeUInt8(typed.value ? 1 : 0));
      return;
    case 'l':
      out(8, (b) => b.writeBigInt64BE(typed.value));
      return;
    case 'T':
      out(8, (b) => b.writeBigUInt64BE(typed.value));
      return;
    case 'f':
      out(4, (b) => b.writeFloatBE(typed.value));
      return;
    case 'd':
      out(8, (b) => b.writeDoubleBE(typed.value));
      return;
    case 'D':
      out(5, (b) => {
        b.writeUInt8(typed.places);
        b.writeInt32BE(typed.digits, 1);
      });
      return;
    case 'S':
    case 'x':
      out(4, (b) => b.writeUInt32BE(typed.value.length));
      parts.push(typed.value);
      return;
    case 'V':
      return;
    case 'F':
      writeTable(parts, typed.value);
      return;
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
