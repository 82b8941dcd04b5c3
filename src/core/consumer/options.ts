import type { Source } from './source.js';
import type { StreamOffset } from './stream-offset.js';

export interface ConsumerOptions {
  /** The connection's name in the management UI. */
  name: string;
  source: Source;
  reconnect: boolean;
  /** The broker forgets each message as it sends it (--no-ack): nothing is settled. */
  noAck: boolean;
  /** Read headers with their wire types. */
  typedHeaders: boolean;
  count: number | undefined;
  idleTimeoutMs: number | undefined;
  drain: boolean;
  offset: StreamOffset | undefined;
  /** Take what is ready with basic.get (the handler's browse) instead of consuming. */
  peek: boolean;
  /** Said once on stderr when the queue turns out to be a stream read without --offset. */
  streamNote?: string | undefined;
}

/** What the core did, for the summary. */
export interface ConsumeStats {
  /** `queue 'jobs'` or `exchange 'logs'`. */
  source: string;
  elapsedMs: number;
  /** False when it ended before consuming began (a refused queue, a lost connection). */
  listened: boolean;
}
