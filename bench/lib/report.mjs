// The end of a run: RESULTS.md (table, run, method, samples) and the table on stdout.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { formatCount, formatMs } from './measure.mjs';
import { path, root } from './paths.mjs';
import { markdownTable, textTable } from './table.mjs';

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Writes settings.OUT_FILE and prints the table; `rabbitVersion` and `loadBefore` as measured by the run. */
export function report({ settings, tools, results, elapsedMs, loadBefore, rabbitVersion, log }) {
  const { quick, rounds, STARTUP_RUNS, N_CONSUME_TOOL, OUT_FILE } = settings;
  const { hasPublish, hasConsume } = tools;
  const { rows, details, errors } = results;
  const cpus = os.cpus();
  const amqplibDir = dirname(createRequire(import.meta.url).resolve('amqplib'));
  const amqplibVersion = JSON.parse(readFileSync(join(amqplibDir, 'package.json'), 'utf8')).version;
  const mqcliVersion = JSON.parse(readFileSync(path('package.json'), 'utf8')).version;
  const commit = version('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = version('git', ['status', '--porcelain', '--', 'src', 'bin']) ? ', with uncommitted changes in src/ or bin/' : '';
  const table = markdownTable(rows);
  const samples = details.map(
    ({ title, results }) =>
      `- ${title}: ${Object.entries(results)
        .map(([name, r]) => `${name} ${r.samples.map(formatMs).join(', ')}${r.rssKiB ? ` (peak RSS ${r.rssKiB} KiB)` : ''}`)
        .join('; ')}`,
  );
  const text = `# mqcli benchmark results

${quick ? '**Quick mode** (small counts, 1 round by default, no memory figures): for trying the harness out, not for reading.\n\n' : ''}${table}

Throughput ratios are mqcli's msg/s ÷ the baseline's (higher is better); time ratios (start-up,
one message) are mqcli's time ÷ the other's (lower is better); memory ratios are mqcli's peak RSS ÷
the baseline's, the target being on mqcli's own figure. "info" rows have no target, or one shown
for reference only.
${errors.length ? `\n## Errors\n\n${errors.map((e) => `- ${e.replaceAll('\n', ' ')}`).join('\n')}\n` : ''}
## Run

- Date: ${new Date().toISOString()}; the run took ${formatMs(elapsedMs)}, ${rounds} round(s) per figure (start-up and one message: ${STARTUP_RUNS} runs each)
- Machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}; ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; ${os.type()} ${os.release()} ${os.arch()}; 1-min load average ${loadBefore?.toFixed(2)} before the run, ${os.loadavg()[0].toFixed(2)} after
- Node ${process.version}; amqplib ${amqplibVersion}; mqcli ${mqcliVersion}${commit ? ` (commit ${commit}${dirty})` : ''}
- RabbitMQ ${rabbitVersion ?? 'unknown'} (a fresh broker of the harness's own on 127.0.0.1, data deleted afterwards)
- amqp-tools: ${hasPublish || hasConsume ? `${[hasPublish && 'amqp-publish', hasConsume && 'amqp-consume'].filter(Boolean).join(', ')} on PATH` : 'not installed (those rows skipped)'}

How to run: \`npm run bench\` (options: \`npm run bench -- --rounds 5\`, \`npm run bench -- --quick\`).

## Method

- Time is the wall clock of the whole child process, from spawn to exit (\`performance.now()\`),
  connection set-up and tear-down included; each figure is the median of its runs.
- The contenders of a figure alternate within each round, and the order rotates from round to
  round. Before each run the queue is deleted and declared again (and filled, for listen), untimed.
- send: the input file is prepared once and passed as the child's stdin (a file descriptor).
  After each run the queue must hold exactly the number of lines sent, or the run fails.
  amqp-publish publishes without confirms, and \`-l\` keeps each line's newline in the body
  (101 bytes), so it is shown for information.
- listen: stdout goes to a file, which must then hold exactly n lines of the message size.
  amqp-consume (\`-c n cat\`) runs one process per message; it is measured on
  ${formatCount(N_CONSUME_TOOL)} messages and compared with mqcli's msg/s from the listen row.
- memory: one run each, peak RSS from \`process.resourceUsage().maxRSS\`, written on exit by
  the preload \`bench/report-rss.cjs\`.
- Baselines: \`bench/baseline/send-confirm.mjs\` (amqplib confirm channel, readline over stdin,
  waits for 'drain'; persistent messages, as mqcli's default, or transient against
  \`send --transient\`), \`bench/baseline/consume.mjs\` (prefetch 100, write then ack, or noAck),
  \`bench/tutorial/send.cjs\` (the RabbitMQ tutorial's producer: closes its connection after 1 s).

## Samples (ms, in run order)

${samples.join('\n')}
`;
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, text);
  process.stdout.write(`${textTable(rows)}\n`);
  log(`wrote ${relative(process.cwd(), OUT_FILE) || OUT_FILE}; took ${formatMs(elapsedMs)}`);
}
