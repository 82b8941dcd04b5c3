import { compare, filtered, num, type OpsApi, vhostGet } from './api.js';

interface ApiConsumer {
  queue: { name: string };
  consumer_tag: string;
  prefetch_count?: number;
  ack_required?: boolean;
  exclusive?: boolean;
  active?: boolean;
  activity_status?: string;
  channel_details?: { connection_name?: string; name?: string };
}

/** One row of `consumer list`: `ack` is manual when the consumer acknowledges, auto when the broker does. */
export interface ConsumerRow {
  queue: string;
  tag: string;
  prefetch: number | null;
  ack: 'manual' | 'auto';
  exclusive: boolean;
  active: boolean;
  connection: string;
  channel: string;
}

/** `consumer list`: the vhost's consumers, those of one queue with `queue`, filtered by tag. */
export async function consumerList(ops: OpsApi, options: { queue?: string | undefined; filter?: string | undefined }): Promise<ConsumerRow[]> {
  const rows = (await vhostGet<ApiConsumer[]>(ops, 'consumers'))
    .filter((c) => options.queue === undefined || c.queue.name === options.queue)
    .map(
      (c): ConsumerRow => ({
        queue: c.queue.name,
        tag: c.consumer_tag,
        prefetch: num(c.prefetch_count),
        ack: c.ack_required === false ? 'auto' : 'manual',
        exclusive: c.exclusive === true,
        active: c.active !== false,
        connection: c.channel_details?.connection_name ?? '',
        channel: c.channel_details?.name ?? '',
      }),
    );
  return filtered(rows, (row) => row.tag, options.filter).sort((a, b) => compare(a.queue, b.queue) || compare(a.tag, b.tag));
}
