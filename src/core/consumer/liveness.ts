import type { BrokerConnection } from '../broker/connection.js';
import { QueueDepth } from '../broker/queue-depth.js';
import { StallWatch } from '../broker/stall-watch.js';

/** How long listening may go without a delivery before mqcli asks the broker whether it still answers. */
const QUIET_MS = 5_000;
/** How long a question may go unanswered before that is said (and said again as often while it lasts). */
export const STALL_NOTICE_MS = 10_000;

/**
 * A consumer waits for deliveries: with none coming, a hung broker (frozen, its port dropped) looks
 * the same as an empty queue until the heartbeat gives up, a minute or more. So after QUIET_MS
 * without a delivery it asks the broker a cheap question (the queue's depth); a question without
 * an answer for STALL_NOTICE_MS is a stall, said once, and again every STALL_NOTICE_MS while it lasts.
 */
export class Liveness {
  private readonly watch: StallWatch;
  private timer: NodeJS.Timeout | undefined;
  private lastActivity = Date.now();
  private asking = false;
  private depth: QueueDepth | undefined;

  constructor(
    private readonly connection: () => BrokerConnection | undefined,
    /** The queue consumed now; undefined while there is no consumer (the connection is being retried). */
    private readonly queue: () => string | undefined,
    onStall: (stalledMs: number) => void,
  ) {
    this.watch = new StallWatch(STALL_NOTICE_MS, onStall);
  }

  /** The connection went, and the question's channel with it. */
  forgetChannel(): void {
    this.depth?.forget();
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), QUIET_MS).unref();
  }

  /** A delivery came: the broker is alive. */
  activity(): void {
    this.lastActivity = Date.now();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.watch.stop();
  }

  private tick(): void {
    const queue = this.queue();
    if (this.asking || queue === undefined || Date.now() - this.lastActivity < QUIET_MS) return;
    if (this.depth?.queue !== queue) this.depth = new QueueDepth(this.connection, queue);
    const question = this.depth.ready();
    this.asking = true;
    this.watch.busy(true);
    const answered = () => {
      this.asking = false;
      this.lastActivity = Date.now();
      this.watch.progress();
      this.watch.busy(false);
    };
    question.then(answered, answered);
  }
}
