// The rows of the results table and the raw samples behind them, as the figures produce them.
import { formatMiBs, formatMs, formatRate, formatRatio } from './measure.mjs';

export function verdict(ratio, target, better) {
  const met = better === 'higher' ? ratio >= target : ratio <= target;
  return met ? 'pass' : 'fail';
}

/** Collects rows (the table), details (raw samples, for RESULTS.md) and errors. */
export function createResults(log) {
  const rows = [];
  const details = [];
  const errors = [];

  /** One figure; a failure is reported loudly, shown in the table, and the run goes on. */
  async function figure(name, fn) {
    log(`--- ${name}`);
    try {
      await fn();
    } catch (error) {
      log(`FAILED: ${name}: ${error.message}`);
      errors.push(`${name}: ${error.message}`);
      rows.push({ figure: name, result: 'ERROR' });
    }
  }

  function record(title, results) {
    details.push({ title, results });
    return results;
  }

  /** Throughput row: mqcli's msg/s ÷ a baseline's msg/s. */
  function rateRow({ figure, n, size, mqcliMs, baseMs, baseName, target, info = false }) {
    const rate = (ms) => (n / ms) * 1000;
    const cell = (ms) =>
      size >= 4096 ? `${formatRate(rate(ms))} · ${formatMiBs(((n * size) / (1 << 20) / ms) * 1000)}` : `${formatRate(rate(ms))} (${formatMs(ms)})`;
    const ratio = baseMs / mqcliMs;
    const result =
      target === undefined ? 'info' : info ? `info (${verdict(ratio, target, 'higher') === 'pass' ? 'met' : 'missed'})` : verdict(ratio, target, 'higher');
    rows.push({
      figure,
      mqcli: cell(mqcliMs),
      baseline: `${baseName}: ${cell(baseMs)}`,
      ratio: formatRatio(ratio),
      target: target === undefined ? '—' : `≥ ${target.toFixed(2)}×`,
      result,
    });
  }

  function memoryRow(figure, mine, theirs, limitMiB) {
    const mib = (kib) => kib / 1024;
    const cell = ({ kib, ms }) => `${mib(kib).toFixed(1)} MiB (${formatMs(ms)})`;
    rows.push({
      figure,
      mqcli: cell(mine),
      baseline: `amqplib: ${cell(theirs)}`,
      ratio: formatRatio(mine.kib / theirs.kib),
      target: `< ${limitMiB} MiB`,
      result: mib(mine.kib) < limitMiB ? 'pass' : 'fail',
    });
    details.push({ title: figure, results: { mqcli: { samples: [mine.ms], rssKiB: mine.kib }, amqplib: { samples: [theirs.ms], rssKiB: theirs.kib } } });
  }

  return { rows, details, errors, figure, record, rateRow, memoryRow };
}
