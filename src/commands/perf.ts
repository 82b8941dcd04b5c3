import { Command, Option } from 'commander';
import { QUEUE_TYPES } from '../core/amqp/queue-spec.js';
import type { PerfFlags } from '../core/perf/plan.js';
import { collect, COUNT, integer, NON_NEGATIVE, positiveNumber } from './parsers.js';
import { action, type Context } from './runtime.js';

const MAX_RATE = 1_000_000;
const WINDOW = { min: 1, max: 1_000_000, expected: 'a whole number from 1 to 1000000' };
const SMALL = { min: 1, max: 10_000, expected: 'a whole number from 1 to 10000' };

/** `mqcli perf`: load a queue with producers and consumers and measure its latency and throughput. */
export function perfCommand(context: Context): Command {
  return new Command('perf')
    .description('measure throughput and latency with producers and consumers (PerfTest’s flags and message layout)')
    .argument('[queue]', 'queue to use (default: a new one, deleted at the end)')
    .optionsGroup('Load:')
    .option('-x, --producers <n>', 'producers (default 1)', integer(NON_NEGATIVE))
    .option('-y, --consumers <n>', 'consumers (default 1)', integer(NON_NEGATIVE))
    .option(
      '-r, --rate <n>',
      'messages per second per producer, open loop: each latency counts from when the message was due (default: unlimited)',
      positiveNumber(MAX_RATE),
    )
    .option('--closed-loop', 'with --rate: time each message from when it went, not when it was due (as PerfTest and omq do)')
    .option(
      '-s, --size <bytes>',
      'message size (default 12, the sequence and timestamp)',
      integer({ min: 0, max: 512 * 1024 * 1024, expected: 'bytes from 0 to 536870912' }),
    )
    .option('-z, --duration <seconds>', 'run this long (default 10)', positiveNumber(31_536_000))
    .option('-C, --count <n>', 'messages per producer (without producers: messages to receive), instead of --duration', integer(COUNT))
    .option('-c, --confirm <max>', 'publisher confirms, at most this many unconfirmed in flight per producer (default 1000)', integer(WINDOW))
    .option('--no-confirm', 'publish without confirms')
    .option('--persistent', 'persistent messages (delivery mode 2)')
    .option('--transient', 'transient messages (delivery mode 1, the default)')
    .optionsGroup('Consumers:')
    .option(
      '--prefetch <n>',
      'unacked messages per consumer (default: no limit; 1000 for streams)',
      integer({ min: 0, max: 65_535, expected: 'a whole number from 0 to 65535' }),
    )
    .option('-A, --multi-ack <n>', 'ack every n messages at once', integer(WINDOW))
    .option('-a, --auto-ack', 'consume without acks')
    .option(
      '--consumer-delay <ms>',
      'a slow consumer: each message takes this long to handle',
      integer({ min: 0, max: 600_000, expected: 'milliseconds from 0 to 600000' }),
    )
    .optionsGroup('Topology:')
    .addOption(new Option('--queue-type <type>', 'type of the queues perf declares (default classic)').choices(QUEUE_TYPES))
    .option('--queues <n>', 'queues <queue>-1 … <queue>-n, producers and consumers spread over them', integer(SMALL))
    .option('-e, --exchange <name>', 'publish through this exchange (it must exist); perf binds the queues it makes with the routing key')
    .option('-k, --routing-key <key>', "with --exchange: the routing key (default: each producer's queue name)")
    .option('-p, --predeclared', 'use the existing queue(s); fail if missing; never delete them')
    .option('--connections <n>', 'connections for the producers and as many for the consumers (default: one each), spread over the URL list', integer(SMALL))
    .optionsGroup('Across hosts:')
    .addOption(
      new Option('--role <role>', 'run only the producers or only the consumers of a test split over hosts (implies --use-millis)').choices([
        'producer',
        'consumer',
      ]),
    )
    .option('--use-millis', "timestamps from the wall clock in ms, which hosts share (default: the monotonic clock in ns, PerfTest's nanoTime)")
    .optionsGroup('Output:')
    .option('--json', 'print one JSON document with every figure, the flags and the broker version on stdout')
    .option('--csv <file>', "write a row per second, in PerfTest's --metrics-format csv column order")
    .option('--hlog <file>', "write an HdrHistogram interval log (µs) that HdrHistogram's tools read")
    .optionsGroup('CI gate:')
    .option('--save <file>', 'keep this run (the --json document) for a later --compare')
    .option('--compare <file>', 'judge this run against one kept with --save')
    .option('--fail-if <rule>', "exit 1 when a figure breaks the rule: 'p99>+10%', 'rate<-5%' (against --compare) or 'max>250' (ms)", collect())
    .optionsGroup('Options:')
    .addHelpText(
      'after',
      `
Examples:
  mqcli perf                                   one producer, one consumer, 10 s
  mqcli perf --rate 500 --duration 30          open loop: stalls show in full
  mqcli perf -x 2 -y 4 --queue-type quorum --confirm 100
  mqcli perf --rate 1000 --save base.json
  mqcli perf --rate 1000 --compare base.json --fail-if 'p99>+10%'  a CI gate
  mqcli perf jobs --role consumer -y 4         on one host; on another:
  mqcli perf jobs --role producer --rate 200   (wall-clock timestamps)

Figures for --fail-if: rate received min p50 p75 p90 p95 p99 p99.9 p99.99 max
  confirm-p50 confirm-p99 confirm-max (latencies in ms, rates in msg/s).`,
    )
    .action(
      action(context, async (run, queue: string | undefined, flags: PerfFlags & { role?: 'producer' | 'consumer' }) => {
        const [{ planPerf }, { checkSavable, readSaved }, { SecondFiles }] = await Promise.all([
          import('../core/perf/plan.js'),
          import('../core/perf/document.js'),
          import('../core/perf/outputs.js'),
        ]);
        const plan = planPerf(queue, flags);
        const baseline = flags.compare === undefined ? undefined : await readSaved(flags.compare);
        if (flags.save !== undefined) await checkSavable(flags.save);
        const files = await SecondFiles.open({ csv: flags.csv, hlog: flags.hlog });
        const [{ runPerf }, present] = await Promise.all([import('../core/perf/run.js'), import('./perf-present.js')]);
        const live = present.liveLine(run);
        const startedAt = new Date();
        const result = await runPerf(run, plan, {
          onSecond: (second) => {
            files.add(second);
            live?.(second);
          },
        }).finally(() => files.close());
        return present.finish(run, { flags, plan, result, baseline, startedAt, json: flags.json === true, save: flags.save });
      }),
    );
}
