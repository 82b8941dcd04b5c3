import { describe, expect, it } from 'vitest';
import { rate, renderWatchScreen, renderWatchTable } from '../../src/commands/queue/watch-present.js';
import { DepthHistory } from '../../src/core/queue/depth-history.js';
import type { WatchRow } from '../../src/core/queue/watch.js';
import { sparkline } from '../../src/ui/sparkline.js';
import { plain } from '../../src/ui/style.js';

describe('sparkline', () => {
  it.each([
    [[], ''],
    [[undefined, undefined], '  '],
    [[0, 0, 0], '▁▁▁'],
    [[5, 5], '██'],
    [[0, 1, 2, 3, 4, 5, 6, 7], '▁▂▃▄▅▆▇█'],
    [[undefined, 0, 10, 5], ' ▁█▅'],
  ])('%j → %j', (values, line) => {
    expect(sparkline(values)).toBe(line);
  });
});

describe('DepthHistory', () => {
  const t0 = 1_000_000;
  it('gives the last depth of each slice of the last minute, carried over empty slices', () => {
    const history = new DepthHistory();
    history.record(t0 + 1_000, [{ name: 'q', messages: 1 }]);
    history.record(t0 + 2_000, [{ name: 'q', messages: 2 }]);
    history.record(t0 + 31_000, [{ name: 'q', messages: 7 }]);
    // Six slices of ten seconds ending at t0 + 60 s.
    expect(history.series('q', t0 + 60_000, 6)).toEqual([2, 2, 2, 7, 7, 7]);
    expect(history.series('other', t0 + 60_000, 6)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('is blank before the first sample, and forgets samples and queues older than a minute', () => {
    const history = new DepthHistory();
    history.record(t0, [
      { name: 'q', messages: 4 },
      { name: 'gone', messages: 1 },
    ]);
    history.record(t0 + 30_000, [{ name: 'q', messages: null }]);
    expect(history.series('q', t0 + 30_000, 3)).toEqual([undefined, 4, 4]);
    history.record(t0 + 61_000, [{ name: 'q', messages: 9 }]);
    expect(history.series('q', t0 + 61_000, 3)).toEqual([undefined, undefined, 9]);
    expect(history.series('gone', t0 + 61_000, 3)).toEqual([undefined, undefined, undefined]);
  });
});

const row = (name: string, messages: number | null): WatchRow => ({
  name,
  messages,
  ready: messages,
  unacked: messages === null ? null : 0,
  consumers: messages === null ? null : 1,
  publishRate: 12.345,
  deliverRate: 250.4,
});

describe('queue list --watch rendering', () => {
  it.each([
    [0, '0.0'],
    [0.04, '0.0'],
    [12.345, '12.3'],
    [99.96, '100.0'],
    [250.4, '250'],
  ])('rate %d → %s', (value, shown) => {
    expect(rate(value)).toBe(shown);
  });

  it('prints a tab-separated table per refresh, names escaped, - for counts not there yet', () => {
    expect(renderWatchTable({ at: 0, rows: [row('a\tb\x1b', 3), row('new', null)] })).toBe(
      'name\tready\tunacked\tconsumers\tpublish/s\tdeliver/s\na\\x09b\\x1b\t3\t0\t1\t12.3\t250\nnew\t-\t-\t-\t12.3\t250\n\n',
    );
  });

  const options = { vhost: '/', intervalSeconds: 2, filter: undefined, columns: 80, rows: 8, style: plain };

  it('draws a status line, the table and a sparkline, fitted to the screen', () => {
    const history = new DepthHistory();
    const at = Date.UTC(2026, 0, 1);
    history.record(at, [row('q', 4)]);
    const lines = renderWatchScreen({ at, rows: [row('q', 4)] }, history, options);
    expect(lines[0]).toMatch(/^queues in vhost '\/' · every 2 s · \d\d:\d\d:\d\d · q to quit$/);
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('name  ready  unacked  consumers  publish/s  deliver/s  depth, last minute');
    expect(lines[3]).toBe(`q     4      0        1          12.3       250        ${' '.repeat(19)}█`);
  });

  it('says how many rows did not fit, cuts long lines, and shows a failed refresh', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(`queue-${i}-${'x'.repeat(80)}`, i));
    const lines = renderWatchScreen({ at: 0, rows, problem: 'no answer\x07' }, new DepthHistory(), options);
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe('the last refresh failed: no answer\\x07');
    expect(lines[7]).toBe('… and 7 more (narrow them with --filter)');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('says when no queue matches', () => {
    const lines = renderWatchScreen({ at: 0, rows: [] }, new DepthHistory(), { ...options, filter: 'jobs-*' });
    expect(lines.at(-1)).toBe("no queues matching 'jobs-*'");
  });
});

describe('queue list without --watch', () => {
  it('escapes control characters in queue names on a terminal and in a pipe', async () => {
    const { renderQueueList } = await import('../../src/commands/queue/present.js');
    const queue = { name: 'q\x1b]0;pwned\x07', type: 'classic', durable: true, autoDelete: false, exclusive: false, state: 'running' };
    const rows = [{ ...queue, messagesReady: 1, messagesUnacknowledged: 0, consumers: 0 }];
    for (const tty of [true, false]) expect(renderQueueList(rows, { json: false, tty })).toContain('q\\x1b]0;pwned\\x07');
  });
});
