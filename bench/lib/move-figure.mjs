// g. queue move against the amqplib consume-publish-confirm-ack loop and the listen | send pipe.
import { body } from './data.mjs';
import { compare, formatCount, formatSize } from './measure.mjs';
import { BIN, MOVE_BASELINE, NODE } from './paths.mjs';

/** g. queue move against the amqplib consume-publish-confirm-ack loop, and the listen | send pipe. */
export async function moveFigure(b, { n, size }) {
  const {
    admin,
    log,
    results: { record, rateRow },
  } = b;
  const [from, to] = ['bench-move-from', 'bench-move-to'];
  const label = `queue move ${formatCount(n)} × ${formatSize(size)}`;
  const pipe = `"${NODE}" "${BIN}" listen ${from} --json --count ${n} --quiet | "${NODE}" "${BIN}" send ${to} --json --quiet`;
  const results = record(
    label,
    await compare({
      title: label,
      rounds: b.settings.rounds,
      log,
      contenders: [
        { name: 'mqcli', run: () => b.mqcli(['queue', 'move', from, to, '--count', String(n), '--quiet']) },
        { name: 'amqplib', run: () => b.run(NODE, [MOVE_BASELINE, from, to, String(n)], { label: 'move.mjs' }) },
        { name: 'listen | send', run: () => b.run('sh', ['-c', pipe], { label: 'listen --json | send --json' }) },
      ],
      before: async () => {
        await admin.resetQueue(from);
        await admin.resetQueue(to);
        await admin.fill(from, n, body(size));
      },
      after: (c) => admin.expectCount(to, n, `${label}, ${c.name}`),
    }),
  );
  rateRow({
    figure: `${label} vs amqplib consume-publish-ack loop`,
    n,
    size,
    mqcliMs: results.mqcli.median,
    baseMs: results.amqplib.median,
    baseName: 'amqplib',
    target: 0.9,
  });
  rateRow({
    figure: `${label} vs listen --json | send --json`,
    n,
    size,
    mqcliMs: results.mqcli.median,
    baseMs: results['listen | send'].median,
    baseName: 'listen | send',
    target: 1,
  });
}
