import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/errors.js';
import { figureOf, judge, readSaved } from '../../../../src/core/perf/document.js';
import { parseFailIf } from '../../../../src/core/perf/fail-if.js';
import type { LatencyFigures } from '../../../../src/core/perf/latency.js';
import type { PerfResult } from '../../../../src/core/perf/result.js';
import { tempDir } from '../../../helpers/temp.js';

const latency = (p99: number, count = 100): LatencyFigures => ({
  count,
  min: 1,
  p50: 2,
  p75: 3,
  p90: 4,
  p95: 5,
  p99,
  'p99.9': p99,
  'p99.99': p99,
  max: p99 + 1,
  mean: 2,
});

const result = (rate: number, p99: number, confirms = 100): PerfResult =>
  ({
    totals: { published: 1000, received: 1000 },
    rates: { published: rate, received: rate },
    latency: latency(p99),
    confirmLatency: latency(p99 / 2, confirms),
  }) as PerfResult;

describe('figureOf', () => {
  it.each([
    ['rate', 500],
    ['received', 500],
    ['p99', 10],
    ['max', 11],
    ['confirm-p99', 5],
    ['confirm-max', 6],
  ] as const)('%s', (figure, value) => {
    expect(figureOf(result(500, 10), figure)).toBe(value);
  });

  it('has no confirm figures for a run without confirms', () => {
    expect(figureOf(result(500, 10, 0), 'confirm-p99')).toBeUndefined();
  });
});

describe('judge', () => {
  it('fails what got worse beyond its rule, passes the rest, and cannot judge what is missing', () => {
    const rules = ['p99>+10%', 'rate<-5%', 'max>100', 'confirm-p99>+10%'].map(parseFailIf);
    const verdicts = judge(rules, result(900, 12, 0), result(1000, 10));
    expect(verdicts.map((v) => [v.rule.text, v.failed, v.limit])).toEqual([
      ['p99>+10%', true, 11],
      ['rate<-5%', true, 950],
      ['max>100', false, 100],
      ['confirm-p99>+10%', undefined, 5.5],
    ]);
  });
});

describe('readSaved', () => {
  it('reads a saved run, and refuses a missing file or one that is not a run (exit 2)', async () => {
    const dir = tempDir();
    const good = join(dir, 'run.json');
    writeFileSync(good, JSON.stringify({ tool: 'mqcli perf', result: result(1, 2) }));
    expect((await readSaved(good)).result.latency.p99).toBe(2);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"tool": "something else"}');
    await expect(readSaved(other)).rejects.toThrow(/not a run saved by mqcli perf --save/);
    await expect(readSaved(join(dir, 'missing.json'))).rejects.toBeInstanceOf(UsageError);
    writeFileSync(other, 'not json');
    await expect(readSaved(other)).rejects.toThrow(UsageError);
  });
});
