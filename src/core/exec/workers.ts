import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Run } from '../context.js';
import type { AckBatch } from './ack-batch.js';
import { oneLine } from '../escape.js';
import { type CommandResult, type CommandSpec, describeEnd } from './child.js';
import { messageEnvironment } from './env.js';
import { drainWaiter, LineBuffer, lineSink, type LineOrigin } from './output.js';
import type { ExecPlan } from './plan.js';
import { CommandRunner } from './runner.js';

/** What the commands did, for the summary line. */
export interface ExecCounts {
  /** Commands that ran to their end. */
  ran: number;
  succeeded: number;
  failed: number;
  requeued: number;
  rejected: number;
  /** --reply: commands that succeeded on a message without reply-to. */
  noReply: number;
}

/** The failure that stops `--on-error stop`. */
export interface Failure {
  message: string;
  how: string;
}

export interface WorkerHooks {
  /** The consumer's channel now: a message delivered on another one cannot be acked any more. */
  channel: () => Channel | undefined;
  /** The consumer channel's acks, sent in batches. */
  acks: () => AckBatch | undefined;
  /** The channel replies are published on (--reply). */
  replies: () => ConfirmChannel | undefined;
  /** Aborted when running commands must be killed. */
  kill: AbortSignal;
  groups: Set<number>;
  /** mqcli is stopping: a command that did not run is not run again. */
  stopping: () => boolean;
  /** A command is done (its message not settled yet): another may start. */
  onCommandDone: () => void;
  /** A command failed under --on-error stop. */
  onStop: (failure: Failure) => void;
  /** The first message rejected: time to see whether the queue dead-letters. */
  onFirstReject: () => void;
  /**
   * A message is settled: `handled` counts those settled (acked, requeued or rejected) on a live
   * channel. One whose channel was gone, or whose command never ran, is not: it comes again.
   */
  onSettled: (handled: number) => void;
}

/** Runs the command for each delivered message, and acks, requeues or rejects it by how the command ended. */
export class Workers {
  readonly counts: ExecCounts = { ran: 0, succeeded: 0, failed: 0, requeued: 0, rejected: 0, noReply: 0 };
  /** Messages given to the runner and not back from it: running, or held to run next. */
  submitted = 0;
  /** Messages whose command is done, being acked (or replied to first). */
  private settling = 0;
  private handled = 0;
  /** Messages whose channel went before they could be settled: not handled, they come again. */
  private readonly lost = new WeakSet<ConsumeMessage>();
  /** Messages whose command never ran because mqcli stops: left unacked, the broker requeues them. */
  private readonly skipped = new WeakSet<ConsumeMessage>();
  private waiters: (() => void)[] = [];
  private readonly stdoutDrained: () => Promise<void>;
  private readonly stderrDrained: () => Promise<void>;
  private readonly runner: CommandRunner;

  constructor(
    private readonly run: Run,
    private readonly plan: ExecPlan,
    base: Record<string, string>,
    private readonly hooks: WorkerHooks,
  ) {
    this.runner = new CommandRunner(plan.command, base, plan.concurrency, plan.onError === 'stop');
    this.stdoutDrained = drainWaiter(run.stdout);
    this.stderrDrained = drainWaiter(run.stderr);
  }

  /** Starts the command for `message`, delivered on `channel`. */
  start(channel: Channel, message: ConsumeMessage): void {
    this.submitted++;
    void this.work(channel, message).finally(() => {
      this.settling--;
      if (!this.skipped.has(message)) this.counts.ran++;
      if (!this.lost.has(message) && !this.skipped.has(message)) this.handled++;
      this.hooks.onSettled(this.handled);
      if (!this.busy) for (const resolve of this.waiters.splice(0)) resolve();
    });
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
    this.counts.succeeded -= count;
    this.counts.requeued += count;
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
      await this.succeeded(channel, message, result, origin);
    } else {
      this.failed(channel, message, result, origin);
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

  private async succeeded(channel: Channel, message: ConsumeMessage, result: CommandResult, origin: LineOrigin): Promise<void> {
    if (this.plan.reply) {
      const replyTo = message.properties.replyTo as string | undefined;
      if (replyTo === undefined || replyTo === '') {
        this.counts.noReply++;
        this.run.log.warn(`${name(origin)} has no reply-to: its command's output went nowhere`);
      } else if (!(await this.publishReply(replyTo, message, result.output))) {
        this.run.log.warn(`could not publish the reply to ${name(origin)}: it goes back to the queue`);
        this.settle(channel, message, 'requeue');
        return;
      }
    }
    this.settle(channel, message, 'ack');
  }

  private failed(channel: Channel, message: ConsumeMessage, result: CommandResult, origin: LineOrigin): void {
    this.counts.failed++;
    const how = describeEnd(result, this.plan.timeoutMs);
    // Killed because mqcli is stopping: the message was never worked off, so it goes back.
    if (this.hooks.kill.aborted) {
      this.run.log.warn(`the command on ${name(origin)} ${how}; the message goes back to the queue`);
      this.settle(channel, message, 'requeue');
      return;
    }
    const onError = this.plan.onError;
    if (onError === 'stop') this.hooks.onStop({ message: name(origin), how });
    else this.run.log.warn(`the command on ${name(origin)} failed (${how}); ${onError === 'reject' ? 'rejected' : 'requeued'}`);
    if (onError === 'reject') {
      if (this.counts.rejected === 0) this.hooks.onFirstReject();
      this.settle(channel, message, 'reject');
    } else this.settle(channel, message, 'requeue');
  }

  private settle(channel: Channel, message: ConsumeMessage, how: 'ack' | 'requeue' | 'reject'): void {
    const current = this.hooks.channel() === channel;
    try {
      if (!current) throw new Error('the channel is gone');
      const acks = this.hooks.acks();
      if (acks === undefined || acks.channel !== channel) throw new Error('the channel is gone');
      if (how === 'ack') acks.ack(message);
      else {
        acks.settled(message);
        channel.nack(message, false, how === 'requeue');
      }
    } catch {
      // The channel it came on is gone: the broker has put it back in the queue already.
      this.counts.requeued++;
      this.lost.add(message);
      this.run.log.debug(`delivery ${message.fields.deliveryTag} came on a channel now gone; the broker delivers it again`);
      return;
    }
    if (how === 'ack') this.counts.succeeded++;
    else if (how === 'requeue') this.counts.requeued++;
    else this.counts.rejected++;
  }

  /** Publishes the command's output to reply-to with the request's correlation id; true once confirmed. */
  private async publishReply(replyTo: string, request: ConsumeMessage, body: Buffer): Promise<boolean> {
    const replies = this.hooks.replies();
    if (replies === undefined) return false;
    const correlationId = request.properties.correlationId as string | undefined;
    return new Promise((resolve) => {
      try {
        replies.sendToQueue(replyTo, body, correlationId === undefined ? {} : { correlationId }, (error) => resolve(error === null || error === undefined));
      } catch {
        resolve(false);
      }
    });
  }
}

/** "message 'id-7' (delivery 3)", or "delivery 3" without a message id; safe on a terminal. */
function name(origin: LineOrigin): string {
  const id = origin.messageId === undefined ? '' : `message '${oneLine(String(origin.messageId))}' `;
  return id === '' ? `delivery ${origin.deliveryTag}` : `${id}(delivery ${origin.deliveryTag})`;
}
