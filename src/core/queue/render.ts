import { renderRecord, type RenderOptions } from '../../ui/record.js';
import type { DeclaredQueue, QueueState } from './declare.js';

/** A queue's settings and counts; x-queue-type shows as the type, not again among the arguments. */
export function renderQueue(queue: DeclaredQueue | QueueState, options: RenderOptions): string {
  if (options.json || !('arguments' in queue)) return renderRecord({ ...queue }, options);
  const { 'x-queue-type': _type, ...args } = queue.arguments;
  return renderRecord({ ...queue, arguments: args }, options);
}
