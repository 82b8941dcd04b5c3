import type { Channel, ConsumeMessage } from 'amqplib';
import type { Run } from '../context.js';
import type { CommandResult, CommandSpec } from './child.js';
import { messageEnvironment } from './env.js';
import { drainWaiter, LineBuffer, lineSink, type LineOrigin } from './output.js';
import type { ExecPlan } from './plan.js';
import { CommandRunner } from './runner.js';
import { type ExecCounts, type SettleHooks, Settler } from './settle.js';

export interface WorkerHooks extends SettleHooks {
  groups: Set<number>;
  /** mqcli is stopping: a command that did not run is not run again. */
  stopping: () => boolean;
  /** A command is done (its message not settled yet): another may start. */
  onCommandDone: () => void;
  /**
   * A message is settled: `handled` counts those settled (acked, requeued or rejected) on a live
   * channel. One whose channel was gone, or whose command never ran, is not: it comes again.
   */
  onSettled: (handled: number) => void;
}

/** Runs the command for each delivered message; the Settler acks, requeues or rejects it by how the command ended. */
export class Workers {
  /** Messages given to the runner and not back from it: running, or held to run next. */
  submitted = 0;
  /** Messages whose command is done, being acked (or replied to first). */
  private settling = 0;
  private handled = 0;
  /** Messages whose command never ran because mqcli stops: left unacked, the broker requeues them. */
  private readonly skipped = new WeakSet<ConsumeMessage>();
  private waiters: (() => void)[] = [];
  private readonly stdoutDrained: () => Promise<void>;
  private readonly stderrDrained: () => Promise<void>;
  private readonly runner: CommandRunner;
  private readonly settler: Settler;

  constructor(
    private readonly run: Run,
    private readonly plan: ExecPlan,
    base: Record<string, string>,
    private readonly hooks: WorkerHooks,
  ) {
    this.runner = new CommandRunner(plan.command, base, plan.concurrency, plan.onError === 'stop');
    this.settler = new Settler(run, plan, hooks);
    this.stdoutDrained = drainWaiter(run.stdout);
    this.stderrDrained = drainWaiter(run.stderr);
  }

  /** Starts the command for `message`, delivered on `channel`. */
  start(channel: Channel, message: ConsumeMessage): void {
    this.submitted++;
    void this.work(channel, message).finally(() => {
      this.settling--;
      if (!this.skipped.has(message)) this.settler.counts.ran++;
      if (!this.settler.isLost(message) && !this.skipped.has(message)) this.handled++;
      this.hooks.onSettled(this.handled);
      if (!this.busy) for (const resolve of this.waiters.splice(0)) resolve();
    });
  }

  /** What the commands did, for the summary line. */
  get counts(): ExecCounts {
    return this.settler.counts;
  }

  /** Messages settled on a live channel (acked, requeued or rejected). */
  get settled(): number {
    return this.handled;
  }

  /**
   * Acks held for a batch were never sent (the channel went): those messages were not handled
   * after all, and the broker delivers them again.
   */
  unsent(count: number): void {
    this.handled -= count;
    this.settler.unsent(count);
  }

  /** Commands run or wait to, or messages wait to be settled after theirs. */
  get busy(): boolean {
    return this.submitted > 0 || this.settling > 0;
  }

  /** Commands running now. */
  get running(): number {
    return this.runner.running;
  }

  /** Starts no more commands: those held to run next are skipped, and their messages go back. */
  stop(): void {
    this.runner.stop();
  }

  /** No more commands: the shells that ran them end. */
  close(): void {
    this.runner.close();
  }

  /** Resolves once no command runs and every message is settled. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async work(channel: Channel, message: ConsumeMessage): Promise<void> {
    const origin: LineOrigin = { messageId: message.properties.messageId as string | undefined, deliveryTag: message.fields.deliveryTag };
    let result: CommandResult;
    try {
      do result = await this.runner.run(this.spec(origin, message), messageEnvironment(message, {}, new Date()));
      while (
        // Held behind a command whose shell was killed (a timeout under requeue or reject): it
        // runs on another. Under stop, a skip always means listening ends, whatever the order
        // in which this and the failure that stops are seen.
        result.skipped &&
        this.plan.onError !== 'stop' &&
        !this.hooks.stopping()
      );
    } finally {
      // The command is done: the next may start while this message is settled, so an ack (or a
      // reply's confirm) is not in the way of the next command.
      this.submitted--;
      this.settling++;
    }
    if (result.skipped) {
      this.skipped.add(message);
      return;
    }
    // A failure that stops says so before another command can start.
    if (result.ok) {
      this.hooks.onCommandDone();
      await this.settler.succeeded(channel, message, result, origin);
    } else {
      this.settler.failed(channel, message, result, origin);
      this.hooks.onCommandDone();
    }
  }

  private spec(origin: LineOrigin, message: ConsumeMessage): CommandSpec {
    const { stdout, stderr } = this.run;
    return {
      input: message.content,
      stdout: this.plan.reply ? 'keep' : new LineBuffer(lineSink(stdout, this.plan.output, origin, 'stdout'), this.stdoutDrained),
      stderr: new LineBuffer(lineSink(stderr, this.plan.output, origin, 'stderr'), this.stderrDrained),
      timeoutMs: this.plan.timeoutMs,
      kill: this.hooks.kill,
      groups: this.hooks.groups,
    };
  }
}
