import type { Run } from '../context.js';
import { listNamed } from '../management/list.js';
import { managementApi } from '../management/verify.js';

/** One queue at one moment of `queue list --watch`; rates in messages per second. */
export interface WatchRow {
  name: string;
  /** Ready plus unacked: the depth the sparkline follows. */
  messages: number | null;
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  publishRate: number;
  deliverRate: number;
}

/** What one refresh found: the rows, or (after the first) why the API did not answer this time. */
export interface WatchFrame {
  at: number;
  rows: WatchRow[];
  /** The API failed this time; `rows` are the last ones it gave. */
  problem?: string | undefined;
}

interface ApiQueue {
  name: string;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  message_stats?: { publish_details?: { rate?: number }; deliver_get_details?: { rate?: number } };
}

const COLUMNS = [
  'name',
  'messages',
  'messages_ready',
  'messages_unacknowledged',
  'consumers',
  'message_stats.publish_details.rate',
  'message_stats.deliver_get_details.rate',
];

const toRow = (queue: ApiQueue): WatchRow => ({
  name: queue.name,
  messages: queue.messages ?? null,
  ready: queue.messages_ready ?? null,
  unacked: queue.messages_unacknowledged ?? null,
  consumers: queue.consumers ?? null,
  // A queue nothing was ever published to or delivered from has no message_stats: rate 0.
  publishRate: queue.message_stats?.publish_details?.rate ?? 0,
  deliverRate: queue.message_stats?.deliver_get_details?.rate ?? 0,
});

/**
 * `queue list --watch`: the queues of the vhost every `intervalMs`, through the management API
 * (checked once against the AMQP connection), until `signal` aborts. A first poll that fails is
 * an error; a later one is a frame with a problem, and the next interval tries again.
 */
export async function watchQueues(
  run: Run,
  filter: string | undefined,
  intervalMs: number,
  signal: AbortSignal,
  onFrame: (frame: WatchFrame) => void,
): Promise<void> {
  const api = await managementApi(run, 'mqcli queue list --watch');
  const { vhost } = (await run.settings()).connection;
  const poll = async () => (await listNamed<ApiQueue>(api, vhost, 'queues', COLUMNS, filter)).map(toRow);
  let rows = await poll();
  onFrame({ at: Date.now(), rows });
  while (!signal.aborted) {
    await sleep(intervalMs, signal);
    if (signal.aborted) return;
    try {
      rows = await poll();
      onFrame({ at: Date.now(), rows });
    } catch (error) {
      if (signal.aborted) return;
      onFrame({ at: Date.now(), rows, problem: (error as Error).message });
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
