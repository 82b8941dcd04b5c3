// The memory figures: peak RSS of mqcli and amqplib for a million messages each way.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { body, expectLines } from './data.mjs';
import { formatCount, formatMs } from './measure.mjs';
import { BIN, CONSUME_BASELINE, NODE, REPORT_RSS, SEND_BASELINE } from './paths.mjs';

/** Peak RSS (KiB) of one run of a node script, through the report-rss.cjs preload. */
async function peakRss(b, script, args, options) {
  const rssFile = join(b.tmp, 'rss.txt');
  rmSync(rssFile, { force: true });
  const ms = await b.run(NODE, ['--require', REPORT_RSS, script, ...args], { ...options, env: { BENCH_RSS_FILE: rssFile } });
  const kib = Number(readFileSync(rssFile, 'utf8'));
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`no peak RSS reported by ${options.label}`);
  b.log(`${options.label}: peak RSS ${(kib / 1024).toFixed(1)} MiB in ${formatMs(ms)}`);
  return { kib, ms };
}

/** e. memory: peak RSS for a million messages each way (one run each). */
export async function memoryFigures(b) {
  const {
    admin,
    log,
    results: { rows, figure, memoryRow },
  } = b;
  const { N_MEMORY } = b.settings;
  if (b.settings.quick) {
    rows.push({ figure: 'memory (peak RSS)', result: 'skipped (--quick)' });
    return;
  }
  await figure(`memory: send ${formatCount(N_MEMORY)} × 100 B`, async () => {
    const file = b.input(N_MEMORY, 100);
    const queue = 'bench-memory';
    await admin.resetQueue(queue);
    const mine = await peakRss(b, BIN, ['send', queue, '--quiet'], { stdin: file, label: 'mqcli send' });
    await admin.expectCount(queue, N_MEMORY, 'memory send, mqcli');
    await admin.resetQueue(queue);
    const theirs = await peakRss(b, SEND_BASELINE, [queue], { stdin: file, label: 'send-confirm.mjs' });
    await admin.expectCount(queue, N_MEMORY, 'memory send, amqplib');
    memoryRow(`memory: send ${formatCount(N_MEMORY)} × 100 B, peak RSS`, mine, theirs, 150);
  });
  await figure(`memory: listen ${formatCount(N_MEMORY)} × 100 B`, async () => {
    const queue = 'bench-memory';
    const out = join(b.tmp, 'memory.out');
    const once = async (script, args, label) => {
      await admin.resetQueue(queue);
      log(`filling ${queue} with ${formatCount(N_MEMORY)} messages`);
      await admin.fill(queue, N_MEMORY, body(100));
      const result = await peakRss(b, script, args, { stdout: out, label });
      await expectLines(out, N_MEMORY, 100, `memory listen, ${label}`);
      rmSync(out);
      return result;
    };
    const mine = await once(BIN, ['listen', queue, '--count', String(N_MEMORY), '--quiet'], 'mqcli listen');
    const theirs = await once(CONSUME_BASELINE, [queue, String(N_MEMORY)], 'consume.mjs');
    memoryRow(`memory: listen ${formatCount(N_MEMORY)} × 100 B, peak RSS`, mine, theirs, 150);
  });
  await admin.deleteQueue('bench-memory');
}
