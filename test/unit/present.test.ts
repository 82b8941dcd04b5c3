import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNotFound, isPreconditionFailed } from '../../src/core/broker/error-map.js';
import { whyUnreadable } from '../../src/core/file-errors.js';
import { renderExchangeDeleted, renderExchangeList } from '../../src/commands/exchange/present.js';
import { renderDeleted, renderPurged, renderQueue, renderQueueList } from '../../src/commands/queue/present.js';
import { renderRecord } from '../../src/commands/record.js';
import { formatCount } from '../../src/ui/format.js';

const text = { json: false, tty: false };
const json = { json: true, tty: false };
const withCode = (code: unknown) => Object.assign(new Error('x'), { code });

describe('renderRecord', () => {
  it('shows one kebab-case row per field, leaves out undefined, and spells out empty and nested tables', () => {
    expect(renderRecord({ maxLength: 3, gone: undefined, state: null, arguments: {}, headers: { a: 1, b: { c: 2 } } }, text)).toBe(
      'max-length\t3\nstate\t-\narguments\t(none)\nheaders\ta=1, b={"c":2}\n',
    );
  });
});

describe('queue output', () => {
  const declared = {
    queue: 'q',
    type: 'stream',
    durable: true,
    exclusive: false,
    autoDelete: false,
    arguments: { 'x-queue-type': 'stream', 'x-max-age': '1D' },
    messages: 0,
    consumers: 0,
  };

  it('shows x-queue-type as the type, not again among the arguments; JSON keeps it', () => {
    expect(renderQueue(declared, text)).toContain('arguments\tx-max-age=1D\n');
    expect(JSON.parse(renderQueue(declared, json)).arguments).toEqual(declared.arguments);
  });

  it('lists with - where the API has no figure yet', () => {
    const row = {
      name: 'q',
      type: 'classic',
      durable: true,
      autoDelete: false,
      exclusive: false,
      state: null,
      messagesReady: 2,
      messagesUnacknowledged: null,
      consumers: 0,
    };
    expect(renderQueueList([row], text)).toBe('name\ttype\tready\tunacked\tconsumers\tstate\nq\tclassic\t2\t-\t0\t-\n');
    expect(JSON.parse(renderQueueList([row], json))).toEqual([row]);
  });

  it.each([
    [renderPurged({ queue: 'q', purged: 1 }, text), "purged 1 message from queue 'q'\n"],
    [renderPurged({ queue: 'q', purged: 1200 }, json), '{\n  "queue": "q",\n  "purged": 1200\n}\n'],
    [renderDeleted({ queue: 'q', messages: 2 }, text), "deleted queue 'q' (2 messages went with it)\n"],
    [renderDeleted({ queue: 'q', messages: 0 }, json), '{\n  "queue": "q",\n  "deleted": true,\n  "messages": 0\n}\n'],
  ])('summarises %j', (output, expected) => {
    expect(output).toBe(expected);
  });
});

describe('exchange output', () => {
  it('names the default exchange (default) in the table, and "" in JSON', () => {
    const row = { name: '', type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} };
    expect(renderExchangeList([row], text)).toBe('name\ttype\tdurable\tauto-delete\tinternal\n(default)\tdirect\ttrue\tfalse\tfalse\n');
    expect(JSON.parse(renderExchangeList([row], json))[0].name).toBe('');
    expect(renderExchangeDeleted('x', text)).toBe("deleted exchange 'x'\n");
  });
});

describe('small error predicates', () => {
  it('tells reply codes apart from Node error codes', () => {
    expect([isNotFound(withCode(404)), isNotFound(withCode(406)), isNotFound(withCode('404'))]).toEqual([true, false, false]);
    expect([isPreconditionFailed(withCode(406)), isPreconditionFailed(withCode(404))]).toEqual([true, false]);
  });

  it.each([
    ['ENOENT', 'no such file'],
    ['EACCES', 'permission denied'],
    ['EISDIR', 'it is a folder'],
    ['EMFILE', 'x'],
  ])('words %s as %s', (code, why) => {
    expect(whyUnreadable(withCode(code))).toBe(why);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [-1234, '-1,234'],
    [1.5, '1.5'],
  ])('%d → %s', (count, text) => {
    expect(formatCount(count)).toBe(text);
  });

  it('groups whole numbers as Intl does for en-US', () => {
    const intl = new Intl.NumberFormat('en-US');
    // -0 is no count: Intl writes it "-0".
    const counts = fc.maxSafeInteger().filter((count) => !Object.is(count, -0));
    fc.assert(
      fc.property(counts, (count) => {
        expect(formatCount(count)).toBe(intl.format(count));
      }),
    );
  });
});
