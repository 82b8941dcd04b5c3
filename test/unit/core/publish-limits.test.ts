import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerTable } from '../../../src/core/amqp/header-flags.js';
import { encodeTable } from '../../../src/core/wire/table-codec.js';
import { tableOf } from '../../../src/core/wire/typed-value.js';
import { checkArgumentsSize, checkPropertyFlags, checkTableSize, MAX_RAW_TABLE_BYTES, MAX_TABLE_BYTES, tableBytes } from '../../../src/core/publish-limits.js';
import { amqplibEncode } from '../../helpers/amqplib-lib.js';
import { table } from '../../helpers/typed-arbitraries.js';

describe('checkPropertyFlags', () => {
  it.each([
    ['messageId', '--message-id'],
    ['correlationId', '--correlation-id'],
    ['contentType', '--content-type'],
    ['contentEncoding', '--content-encoding'],
    ['replyTo', '--reply-to'],
    ['type', '--type'],
    ['appId', '--app-id'],
  ])('refuses %s over 255 bytes, naming %s', (key, flag) => {
    expect(() => checkPropertyFlags({ [key]: 'x'.repeat(255) }, undefined)).not.toThrow();
    expect(() => checkPropertyFlags({ [key]: 'x'.repeat(256) }, undefined)).toThrow(`${flag} is 256 bytes long; AMQP holds at most 255 bytes there`);
  });

  it('counts bytes: 128 two-byte characters are 256', () => {
    expect(() => checkPropertyFlags({ messageId: 'é'.repeat(128) }, undefined)).toThrow(/--message-id is 256 bytes long/);
  });
});

describe('checkTableSize', () => {
  // The largest -H value whose table amqplib still encodes: 4 (table length) + 1 + 1 (key) + 1 (tag) + 4 (string length) + value.
  const largest = MAX_TABLE_BYTES - 11;

  it('takes a table of exactly 64 KiB, which amqplib encodes, and refuses one byte more, which amqplib throws on', () => {
    const fits = headerTable([`k=${'a'.repeat(largest)}`]);
    expect(encodeTable(fits).length).toBe(MAX_TABLE_BYTES);
    expect(() => checkTableSize(fits, 'the --header values')).not.toThrow();
    expect(amqplibEncode({ k: 'a'.repeat(largest) }).length).toBe(MAX_TABLE_BYTES);

    const over = headerTable([`k=${'a'.repeat(largest + 1)}`]);
    expect(() => checkTableSize(over, 'the --header values')).toThrow('the --header values take 65,537 bytes as an AMQP table; amqplib sends at most 65,536');
    expect(() => amqplibEncode({ k: 'a'.repeat(largest + 1) })).toThrow(RangeError);
  });

  it('refuses the -H k=<70,000 characters> of the report', () => {
    expect(() => checkPropertyFlags({}, headerTable([`k=${'a'.repeat(70_000)}`]))).toThrow(/70,011 bytes/);
  });
});

describe('checkArgumentsSize', () => {
  it('measures --arg values as amqplib types them, and refuses over 64 KiB without a hint about bodies', () => {
    const args = { 'x-max-length': 10, 'x-big': 2 ** 40, 'x-flag': true, 'x-queue-type': 'quorum' };
    expect(() => checkArgumentsSize(args)).not.toThrow();
    try {
      checkArgumentsSize({ 'x-k': 'a'.repeat(70_000) });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('the --arg values take 70,013 bytes as an AMQP table; amqplib sends at most 65,536');
      expect((error as { hint?: string }).hint).toBeUndefined();
    }
  });
});

describe('checkTableSize for a table amqplib cannot write (published raw)', () => {
  const notUtf8 = (size: number) => tableOf([['k', { tag: 'S', value: Buffer.alloc(size, 0xff) }]]);

  it('takes it past 64 KiB, up to what a content header frame holds, and refuses it beyond', () => {
    expect(() => checkTableSize(notUtf8(100_000), 'the headers of line 1 of stdin')).not.toThrow();
    expect(() => checkTableSize(notUtf8(MAX_RAW_TABLE_BYTES - 11), 'x')).not.toThrow();
    expect(() => checkTableSize(notUtf8(MAX_RAW_TABLE_BYTES - 10), 'the headers of line 1 of stdin')).toThrow(
      'the headers of line 1 of stdin take 128,481 bytes as an AMQP table; a content header frame holds at most 128,480',
    );
  });
});

describe('tableBytes', () => {
  it('is the length encodeTable gives, for every table', () => {
    fc.assert(fc.property(table, (typed) => tableBytes(typed) === encodeTable(typed).length));
  });
});
