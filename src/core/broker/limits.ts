/**
 * The largest message body the broker takes by default: RabbitMQ 4 lowered max_message_size from
 * 128 MiB to 16 MiB. A broker configured lower still refuses with PRECONDITION_FAILED, which is
 * reported as it comes.
 */
export function maxMessageBytes(version: string | undefined): number {
  const major = Number.parseInt(version ?? '', 10);
  return Number.isFinite(major) && major >= 4 ? 16 * 1024 * 1024 : 128 * 1024 * 1024;
}
