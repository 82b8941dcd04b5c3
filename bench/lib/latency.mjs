// d. start-up and one message end to end: times, lower is better (ratio = mqcli ÷ other).
import { verdict } from './figures.mjs';
import { compare, formatMs, formatRatio } from './measure.mjs';
import { NODE, TUTORIAL } from './paths.mjs';

/** d. start-up (lower is better: ratio = mqcli time ÷ other time). */
export async function startupFigure(b) {
  const {
    log,
    results: { rows, figure, record },
  } = b;
  await figure('start-up', async () => {
    const results = record(
      'start-up',
      await compare({
        title: 'start-up',
        rounds: b.settings.STARTUP_RUNS,
        log,
        contenders: [
          { name: 'mqcli --version', run: () => b.mqcli(['--version']) },
          { name: 'mqcli --help', run: () => b.mqcli(['--help']) },
          { name: 'node -e 0', run: () => b.run(NODE, ['-e', '0'], { label: 'node -e 0' }) },
        ],
      }),
    );
    const node = results['node -e 0'].median;
    for (const [which, info] of [
      ['--version', false],
      ['--help', true],
    ]) {
      const ms = results[`mqcli ${which}`].median;
      const met = verdict(ms / node, 1.4, 'lower');
      rows.push({
        figure: `start-up: mqcli ${which} vs node -e 0`,
        mqcli: formatMs(ms),
        baseline: `node -e 0: ${formatMs(node)}`,
        ratio: formatRatio(ms / node),
        target: '≤ 1.40×',
        result: info ? `info (${met === 'pass' ? 'met' : 'missed'})` : met,
      });
    }
  });
}

/** d. one message end to end (lower is better). */
export async function oneMessageFigure(b) {
  const {
    admin,
    log,
    results: { rows, figure, record },
    tools: { hasPublish },
  } = b;
  await figure('one message end to end', async () => {
    const contenders = [
      { name: 'mqcli', queue: 'bench-one', run: () => b.mqcli(['send', 'bench-one', 'hi', '--quiet']) },
      {
        name: 'tutorial send.js',
        queue: 'bench-tutorial',
        durable: false,
        run: () => b.run(NODE, [TUTORIAL, 'bench-tutorial', 'hi'], { label: 'tutorial send.cjs' }),
      },
    ];
    if (hasPublish)
      contenders.push({ name: 'amqp-publish', queue: 'bench-one', run: () => b.run('amqp-publish', ['-u', b.broker.url, '-r', 'bench-one', '-b', 'hi']) });
    const results = record(
      'one message end to end',
      await compare({
        title: 'one message',
        rounds: b.settings.STARTUP_RUNS,
        contenders,
        log,
        before: (c) => admin.resetQueue(c.queue, { durable: c.durable ?? true }),
        after: (c) => admin.expectCount(c.queue, 1, `one message, ${c.name}`),
      }),
    );
    const ms = results.mqcli.median;
    const other = (name, target) => {
      const theirs = results[name].median;
      rows.push({
        figure: `one message: mqcli send vs ${name}`,
        mqcli: formatMs(ms),
        baseline: `${name}: ${formatMs(theirs)}`,
        ratio: formatRatio(ms / theirs),
        target: target ? `≤ ${target.toFixed(2)}×` : '—',
        result: target ? verdict(ms / theirs, target, 'lower') : 'info',
      });
    };
    other('tutorial send.js', 0.5);
    if (hasPublish) other('amqp-publish');
    else rows.push({ figure: 'one message: mqcli send vs amqp-publish', result: 'skipped (amqp-publish not on PATH)' });
  });
}
