import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Target } from '../../../../src/core/broker/error-text.js';
import { OutageReport } from '../../../../src/core/broker/outage.js';
import { RuntimeError } from '../../../../src/core/errors.js';
import { Logger } from '../../../../src/ui/log.js';
import { plain } from '../../../../src/ui/style.js';

const node = (port: number, endpoints?: Target['endpoints']): Target => ({ host: '127.0.0.1', port, vhost: '/', user: 'guest', timeout: 1000, endpoints });

/** An OutageReport writing to a log whose lines the test reads. */
function report(verbose = false) {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { outage: new OutageReport(new Logger({ stream, quiet: false, verbose, style: plain })), lines };
}

describe('OutageReport', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says the connection went, every 5 s that it is still away, and how long it was out', () => {
    const { outage, lines } = report();
    outage.down(new RuntimeError('lost the connection to 127.0.0.1:5672'), node(5672));
    for (let second = 1; second <= 11; second++) {
      vi.setSystemTime(second * 1000);
      outage.retry(second, 1000);
    }
    vi.setSystemTime(12_300);
    outage.up('listening to queue q', node(5672));
    expect(lines).toEqual([
      'warning: lost the connection to 127.0.0.1:5672; reconnecting (--no-reconnect to exit instead)',
      'still reconnecting to 127.0.0.1:5672 (attempt 5, 5 s)',
      'still reconnecting to 127.0.0.1:5672 (attempt 10, 10 s)',
      'reconnected to 127.0.0.1:5672 after 12.3 s away; listening to queue q',
    ]);
  });

  it('says it fails over when it is back on another node, and counts the nodes while away', () => {
    const { outage, lines } = report();
    const endpoints = [
      { host: '127.0.0.1', port: 1 },
      { host: '127.0.0.1', port: 2 },
    ];
    outage.down(new RuntimeError('lost the connection to 127.0.0.1:1'), node(1, endpoints));
    vi.setSystemTime(5000);
    outage.retry(3, 500);
    vi.setSystemTime(5400);
    outage.up('publishing 3 unconfirmed messages again', node(2, endpoints));
    expect(lines.slice(1)).toEqual([
      'still reconnecting to any of 2 nodes (attempt 3, 5 s)',
      'failing over to 127.0.0.1:2: 127.0.0.1:1 was lost 5.4 s ago; publishing 3 unconfirmed messages again',
    ]);
  });

  it('says nothing of retries after clear(), and tells each attempt only with --verbose', () => {
    const quiet = report();
    quiet.outage.down(new RuntimeError('gone'), node(1));
    quiet.outage.clear();
    vi.setSystemTime(60_000);
    quiet.outage.retry(9, 1000);
    quiet.outage.up('again', node(1));
    expect(quiet.lines.slice(1)).toEqual(['reconnected to 127.0.0.1:1; again']);
    const verbose = report(true);
    verbose.outage.retry(1, 250);
    expect(verbose.lines).toEqual(['reconnect attempt 1 in 250 ms']);
  });
});
