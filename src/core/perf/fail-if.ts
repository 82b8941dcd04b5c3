import { UsageError } from '../errors.js';

/** The figures a --fail-if may name: latencies in ms, rates in msg/s. */
export const FIGURES = [
  'rate',
  'received',
  'min',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
  'p99.9',
  'p99.99',
  'max',
  'confirm-p50',
  'confirm-p99',
  'confirm-max',
] as const;
export type Figure = (typeof FIGURES)[number];

/**
 * One --fail-if: `p99>+10%` fails when p99 is more than 10% above the --compare run's; `rate<-5%`
 * when the rate is more than 5% below it; `p99>20` (no %) when p99 is above 20 ms, baseline or not.
 */
export interface FailIf {
  text: string;
  figure: Figure;
  op: '<' | '>';
  value: number;
  relative: boolean;
}

const SHAPE = /^\s*([a-z][a-z0-9.-]*)\s*([<>])\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$/;

/** Parses one --fail-if expression; a UsageError (exit 2) says what is wrong. */
export function parseFailIf(text: string): FailIf {
  const match = SHAPE.exec(text);
  if (match === null) {
    throw new UsageError(`--fail-if '${text}' is not <figure><op><number>[%]`, {
      hint: "For example: --fail-if 'p99>+10%' --fail-if 'rate<-5%' --fail-if 'max>250'",
    });
  }
  const [, name, op, number, percent] = match as unknown as [string, string, '<' | '>', string, string];
  if (!(FIGURES as readonly string[]).includes(name)) {
    throw new UsageError(`--fail-if '${text}': no figure '${name}'`, { hint: `Figures: ${FIGURES.join(', ')}` });
  }
  const value = Number(number);
  const relative = percent === '%';
  if (!relative && value < 0) throw new UsageError(`--fail-if '${text}': a limit without % is a figure's value and cannot be negative`);
  return { text: text.trim(), figure: name as Figure, op, value, relative };
}

/** The figure's limit: relative to the baseline's, or as given. */
export function limitOf(rule: FailIf, baseline: number | undefined): number | undefined {
  if (!rule.relative) return rule.value;
  if (baseline === undefined) return undefined;
  return baseline * (1 + rule.value / 100);
}

/** Whether `actual` breaks the rule (undefined: the figure is not there to judge). */
export function breaks(rule: FailIf, actual: number | undefined, baseline: number | undefined): boolean | undefined {
  const limit = limitOf(rule, baseline);
  if (actual === undefined || limit === undefined) return undefined;
  return rule.op === '>' ? actual > limit : actual < limit;
}
