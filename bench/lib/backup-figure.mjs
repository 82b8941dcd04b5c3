// j. queue browse, queue dump and queue restore, each against the listen or send run it replaces.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { body, expectLines } from './data.mjs';
import { compare, formatCount, formatSize } from './measure.mjs';

/** Runs the three figures over n messages of `size` bytes (the targets: 0.8×, 0.9×, 0.9×). */
export async function backupFigures(b, { n, size }) {
  const { figure } = b.results;
  const queue = 'bench-backup';
  const sized = `${formatCount(n)} × ${formatSize(size)}`;
  const out = join(b.tmp, 'backup.out');
  const dump = join(b.tmp, 'backup.jsonl');
  const json = join(b.tmp, 'backup.json');
  const fill = async () => {
    await b.admin.resetQueue(queue);
    await b.admin.fill(queue, n, body(size));
  };
  const clean = () => {
    for (const file of [out, dump]) if (existsSync(file)) rmSync(file);
  };
  await figure(`queue browse ${sized}`, () =>
    pair(
      b,
      `queue browse ${sized}`,
      { n, size, target: 0.8, baseName: 'listen' },
      {
        mqcli: () => b.mqcli(['queue', 'browse', queue, '--quiet'], { stdout: out }),
        base: () => b.mqcli(['listen', queue, '--count', String(n), '--quiet'], { stdout: out }),
        before: fill,
        after: async (c) => {
          await expectLines(out, n, size, `queue browse, ${c.name}`);
          clean();
        },
      },
    ),
  );
  await figure(`queue dump ${sized}`, () =>
    pair(
      b,
      `queue dump ${sized}`,
      { n, size, target: 0.9, baseName: 'listen --json > file' },
      {
        mqcli: () => b.mqcli(['queue', 'dump', queue, dump, '--quiet']),
        base: () => b.mqcli(['listen', queue, '--json', '--count', String(n), '--quiet'], { stdout: out }),
        before: async () => {
          clean();
          await fill();
        },
        after: async () => clean(),
      },
    ),
  );
  await figure(`queue restore ${sized}`, async () => {
    // The inputs of restore and send --json: one dump, and the same messages as envelopes.
    await fill();
    await b.mqcli(['queue', 'dump', queue, dump, '--quiet']);
    await b.mqcli(['listen', queue, '--json', '--count', String(n), '--quiet'], { stdout: json });
    await pair(
      b,
      `queue restore ${sized}`,
      { n, size, target: 0.9, baseName: 'send --json < file' },
      {
        mqcli: () => b.mqcli(['queue', 'restore', dump, queue, '--quiet']),
        base: () => b.mqcli(['send', queue, '--json', '--quiet'], { stdin: json }),
        before: () => b.admin.resetQueue(queue),
        after: (c) => b.admin.expectCount(queue, n, `queue restore, ${c.name}`),
      },
    );
  });
}

async function pair(b, label, { n, size, target, baseName }, { mqcli, base, before, after }) {
  const { record, rateRow } = b.results;
  const results = record(
    label,
    await compare({
      title: label,
      rounds: b.settings.rounds,
      log: b.log,
      contenders: [
        { name: 'mqcli', run: mqcli },
        { name: baseName, run: base },
      ],
      before,
      after,
    }),
  );
  rateRow({ figure: `${label} vs ${baseName}`, n, size, mqcliMs: results.mqcli.median, baseMs: results[baseName].median, baseName, target });
}
