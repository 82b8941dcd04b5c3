import { access, constants, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { whyUnreadable } from '../file-errors.js';
import { breaks, type FailIf, type Figure, limitOf } from './fail-if.js';
import type { PerfFlags, PerfPlan } from './plan.js';
import type { PerfResult } from './result.js';

/** What --json prints and --save keeps: the flags that shaped the run, the broker, every figure. */
export interface PerfDocument {
  tool: 'mqcli perf';
  version: string;
  startedAt: string;
  /** The flags as given on the command line. */
  flags: PerfFlags;
  plan: Omit<PerfPlan, 'failIf'>;
  result: PerfResult;
}

export function documentOf(flags: PerfFlags, plan: PerfPlan, result: PerfResult, version: string, startedAt: Date): PerfDocument {
  const { failIf: _failIf, ...kept } = plan;
  return { tool: 'mqcli perf', version, startedAt: startedAt.toISOString(), flags, plan: kept, result };
}

/** Reads a --save file for --compare; a file that is not one is exit 2, before connecting. */
export async function readSaved(path: string): Promise<PerfDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--compare ${path}: ${whyUnreadable(error)}`);
  }
  try {
    const document = JSON.parse(text) as PerfDocument;
    if (document.tool === 'mqcli perf' && typeof document.result?.latency?.p99 === 'number') return document;
  } catch {}
  throw new UsageError(`--compare ${path}: not a run saved by mqcli perf --save`);
}

/** Fails (exit 2, before connecting) when --save could not write its file at the end. */
export async function checkSavable(path: string): Promise<void> {
  try {
    await access(dirname(resolve(path)), constants.W_OK);
  } catch (error) {
    throw new UsageError(`--save ${path}: cannot write there (${whyUnreadable(error)})`);
  }
}

/** The value of each figure a --fail-if may name. */
export function figureOf(result: PerfResult, figure: Figure): number | undefined {
  if (figure === 'rate') return result.totals.published > 0 ? result.rates.published : undefined;
  if (figure === 'received') return result.totals.received > 0 ? result.rates.received : undefined;
  if (figure.startsWith('confirm-')) {
    if (result.confirmLatency.count === 0) return undefined;
    return result.confirmLatency[figure.slice('confirm-'.length) as 'p50' | 'p99' | 'max'];
  }
  if (result.latency.count === 0) return undefined;
  return result.latency[figure as Exclude<Figure, 'rate' | 'received' | `confirm-${string}`>];
}

/** One --fail-if judged. */
export interface Verdict {
  rule: FailIf;
  actual: number | undefined;
  baseline: number | undefined;
  limit: number | undefined;
  /** undefined: the figure is not in this run (or the baseline), so it could not be judged. */
  failed: boolean | undefined;
}

export function judge(rules: readonly FailIf[], result: PerfResult, baseline: PerfResult | undefined): Verdict[] {
  return rules.map((rule) => {
    const actual = figureOf(result, rule.figure);
    const before = baseline === undefined ? undefined : figureOf(baseline, rule.figure);
    return { rule, actual, baseline: before, limit: limitOf(rule, before), failed: breaks(rule, actual, before) };
  });
}
