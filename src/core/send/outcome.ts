import type { CliError } from '../errors.js';
import type { StopReason } from '../signals.js';
import type { PublishStats } from './publisher.js';

/** How a send went, as data: the command layer words it and decides the exit code. */
export interface SendOutcome {
  stats: PublishStats;
  confirm: boolean;
  /** `queue 'jobs'` or `exchange 'logs' (routing key 'info')`. */
  destination: string;
  elapsedMs: number;
  interrupted?: StopReason | undefined;
  /** What stopped publishing early: bad input, or the broker or network. */
  failure?: CliError | undefined;
}
