import type { Run } from '../context.js';
import { Consumer } from '../consumer/consumer.js';
import type { ConsumeStats } from '../consumer/options.js';
import type { ConsumeEnd } from '../consumer/end.js';
import { namedQueue } from '../consumer/source.js';
import { onStopSignal } from '../signals.js';
import { baseEnvironment } from './env.js';
import { ExecHandler, type RanBefore } from './exec-handler.js';
import type { ExecPlan } from './plan.js';
import type { ExecCounts } from './settle.js';

/** How a `listen --exec` went: why it ended, and what its commands did. */
export interface ExecOutcome extends ConsumeStats, ExecCounts {
  end: ConsumeEnd;
  queue: string;
}

/** `listen --exec`: a command per message until a stop condition; a failure under --on-error stop ends it with an error. */
export async function runExec(run: Run, plan: ExecPlan): Promise<ExecOutcome> {
  const { connection } = await run.settings();
  // The environment commands start from: the caller's, without the secrets mqcli took from .env.
  const base = baseEnvironment(run.env, run.dotenvKeys, connection.password);
  let handler: ExecHandler | undefined;
  const consumer = new Consumer<RanBefore>(
    run,
    {
      name: 'mqcli listen --exec',
      source: namedQueue(run, { queue: plan.queue, declare: plan.declare }),
      reconnect: plan.reconnect,
      noAck: false,
      // MQ_HEADERS is in the envelope's form, as listen --json prints it.
      typedHeaders: true,
      count: plan.count,
      idleTimeoutMs: plan.idleTimeoutMs,
      drain: plan.drain,
      offset: undefined,
      peek: false,
      streamNote: `queue '${plan.queue}' is a stream: --exec runs commands only on messages that arrive from now on`,
    },
    (host) => {
      handler = new ExecHandler(host, plan, base);
      return handler;
    },
  );
  const commands = handler as unknown as ExecHandler;
  // A second Ctrl-C kills the running commands at once; their messages go back to the queue.
  const removeSignals = onStopSignal(
    (reason) => consumer.end({ kind: 'signal', reason }),
    run.exit,
    () => commands.killNow(),
  );
  const end = await consumer.consume();
  await consumer.close(end);
  removeSignals();
  return { end, queue: plan.queue, ...consumer.stats(), ...commands.counts };
}
