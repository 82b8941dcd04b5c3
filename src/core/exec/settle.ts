import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Run } from '../context.js';
import { oneLine } from '../escape.js';
import type { AckBatch } from './ack-batch.js';
import { type CommandResult, describeEnd } from './command.js';
import type { LineOrigin } from './output.js';
import type { ExecPlan } from './plan.js';

/** How a message is settled. */
export type Settlement = 'ack' | 'requeue' | 'reject';

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
  /** Redeliveries of messages whose command had run, settled as before without running it again (their ack was lost with a connection). */
  resettled: number;
  /** Delivered, never run: back in the queue at the end. */
  returned: number;
}

/** The failure that stops `--on-error stop`. */
export interface Failure {
  message: string;
  how: string;
}

export interface SettleHooks {
  /** The consumer's channel now: a message delivered on another one cannot be acked any more. */
  channel: () => Channel | undefined;
  /** The consumer channel's acks, sent in batches. */
  acks: () => AckBatch | undefined;
  /** The channel replies are published on (--reply). */
  replies: () => ConfirmChannel | undefined;
  /** Aborted when running commands must be killed. */
  kill: AbortSignal;
  /** A command failed under --on-error stop. */
  onStop: (failure: Failure) => void;
  /** The first message rejected: time to see whether the queue dead-letters. */
  onFirstReject: () => void;
  /** Decided how `message` is settled; `sent` is false when its channel had gone (its redelivery is then settled so). */
  onSettled: (message: ConsumeMessage, how: Settlement, sent: boolean) => void;
}

/**
 * Acks, requeues or rejects a message by how its command ended (publishing the reply first under
 * --reply), and counts what it did.
 */
export class Settler {
  readonly counts: ExecCounts = { ran: 0, succeeded: 0, failed: 0, requeued: 0, rejected: 0, noReply: 0, resettled: 0, returned: 0 };

  constructor(
    private readonly run: Run,
    private readonly plan: ExecPlan,
    private readonly hooks: SettleHooks,
  ) {}

  async succeeded(channel: Channel, message: ConsumeMessage, result: CommandResult, origin: LineOrigin): Promise<void> {
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

  failed(channel: Channel, message: ConsumeMessage, result: CommandResult, origin: LineOrigin): void {
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

  private settle(channel: Channel, message: ConsumeMessage, how: Settlement): void {
    const acks = this.hooks.acks();
    let sent = this.hooks.channel() === channel && acks !== undefined && acks.channel === channel;
    try {
      if (sent && how === 'ack') acks?.ack(message);
      else if (sent) acks?.nack(message, how === 'requeue');
    } catch {
      sent = false;
    }
    if (!sent) this.run.log.debug(`delivery ${message.fields.deliveryTag} came on a channel now gone; its redelivery is settled so`);
    if (how === 'ack') this.counts.succeeded++;
    else if (how === 'requeue') this.counts.requeued++;
    else this.counts.rejected++;
    this.hooks.onSettled(message, how, sent);
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
