import { writeFile } from 'node:fs/promises';
import { ExitCode, UsageError } from '../core/errors.js';
import { documentOf, judge, type PerfDocument, type Verdict } from '../core/perf/document.js';
import type { LatencyFigures } from '../core/perf/latency.js';
import type { PerfFlags, PerfPlan } from '../core/perf/plan.js';
import type { PerfResult, Second } from '../core/perf/result.js';
import { SIGNAL_EXIT } from '../core/signals.js';
import { version } from '../core/version.js';
import { formatTable } from '../ui/table.js';
import type { Run } from './runtime.js';

/** The live line, once a second, on a terminal only (and not with --quiet). */
export function liveLine(run: Run): ((second: Second) => void) | undefined {
  if (run.stderr.isTTY !== true || run.log.quiet) return undefined;
  return (second) => {
    const { rates, latency } = second;
    const p = (value: number) => (latency.count === 0 ? '-' : ms(value));
    run.log.info(
      `${second.elapsed.toFixed(0).padStart(4)} s  sent ${rate(rates.published)}/s  confirmed ${rate(rates.confirmed)}/s  received ${rate(rates.received)}/s  ` +
        `in flight ${second.inFlight}  p50 ${p(latency.p50)}  p99 ${p(latency.p99)}`,
    );
  };
}

export interface Finished {
  flags: PerfFlags;
  plan: PerfPlan;
  result: PerfResult;
  baseline: PerfDocument | undefined;
  startedAt: Date;
  json: boolean;
  save: string | undefined;
}

/** Prints the summary (stderr) and --json (stdout), keeps --save, judges --fail-if; returns the exit code. */
export async function finish(run: Run, done: Finished): Promise<number> {
  const { plan, result } = done;
  const document = documentOf(done.flags, plan, result, version(), done.startedAt);
  if (done.save !== undefined) {
    await writeFile(done.save, `${JSON.stringify(document, null, 2)}\n`).catch((error: Error) => {
      throw new UsageError(`--save ${done.save}: ${error.message}`);
    });
  }
  const verdicts = judge(plan.failIf, result, done.baseline?.result);
  if (done.json) run.stdout.write(`${JSON.stringify({ ...document, verdicts: verdicts.map(verdictJson) })}\n`);
  if (!run.log.quiet) run.log.write(summary(plan, result, run.stderr.isTTY === true).trimEnd());
  let code: number = result.end.kind === 'signal' ? SIGNAL_EXIT[result.end.reason] : ExitCode.ok;
  for (const verdict of verdicts) {
    if (verdict.failed === true) {
      run.log.error(new Error(`--fail-if '${verdict.rule.text}': ${verdict.rule.figure} is ${figure(verdict.actual)}, ${describeLimit(verdict)}`));
      code = ExitCode.failure;
    } else if (verdict.failed === undefined)
      run.log.warn(
        `--fail-if '${verdict.rule.text}': ${verdict.rule.figure} is not in ${verdict.actual === undefined ? 'this run' : 'the saved run'}; not judged`,
      );
  }
  if (result.totals.lost > 0) {
    run.log.error(
      new Error(`${result.totals.lost} confirmed message${result.totals.lost === 1 ? ' was' : 's were'} lost: never delivered and not in the queue`),
    );
    code = ExitCode.failure;
  }
  return code;
}

function summary(plan: PerfPlan, result: PerfResult, tty: boolean): string {
  const { totals, rates } = result;
  const lines = [
    `mqcli perf: ${result.elapsedSeconds.toFixed(1)} s, ended by ${result.end.kind}, ${result.broker.product ?? 'broker'} ${result.broker.version ?? ''}`.trimEnd(),
  ];
  if (plan.producers > 0)
    lines.push(`sent ${totals.published} (${rate(rates.published)}/s), confirmed ${totals.confirmed}, nacked ${totals.nacked}, returned ${totals.returned}`);
  if (plan.consumers > 0) {
    lines.push(
      `received ${totals.received} (${rate(rates.received)}/s), gaps ${totals.gaps}, duplicates ${totals.duplicates}, out of order ${totals.outOfOrder}` +
        // Only a run with both sides knows what was confirmed and should have come.
        (plan.producers > 0 ? `, lost ${totals.lost}${totals.leftInQueues > 0 ? `, left in the queues ${totals.leftInQueues}` : ''}` : ''),
    );
  }
  const row = (name: string, figures: LatencyFigures) =>
    figures.count === 0 ? [name, '-'] : [name, String(figures.count), ...NAMES.map((key) => ms(figures[key]))];
  const rows = [
    ...(plan.consumers > 0 ? [row('latency', result.latency)] : []),
    ...(plan.producers > 0 && plan.confirm !== undefined ? [row('confirm', result.confirmLatency)] : []),
  ];
  const table = formatTable(rows, { tty, header: ['', 'count', ...NAMES] });
  return `${lines.join('\n')}\n${table}`;
}

const NAMES = ['min', 'p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'p99.99', 'max'] as const;

function describeLimit(verdict: Verdict): string {
  const { rule } = verdict;
  const side = rule.op === '>' ? 'above' : 'below';
  if (!rule.relative) return `${side} the limit ${figure(verdict.limit)}`;
  return `${side} ${figure(verdict.limit)} (${rule.value >= 0 ? '+' : ''}${rule.value}% of the saved ${figure(verdict.baseline)})`;
}

function verdictJson(verdict: Verdict) {
  return {
    rule: verdict.rule.text,
    figure: verdict.rule.figure,
    actual: verdict.actual ?? null,
    baseline: verdict.baseline ?? null,
    limit: verdict.limit ?? null,
    failed: verdict.failed ?? null,
  };
}

const figure = (value: number | undefined) => (value === undefined ? '-' : String(Math.round(value * 1000) / 1000));
const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)}ms` : `${value.toFixed(value >= 10 ? 1 : 2)}ms`);
const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
