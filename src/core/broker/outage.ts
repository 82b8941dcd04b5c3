import { formatDuration } from '../../ui/format.js';
import type { Logger } from '../../ui/log.js';
import type { CliError } from '../errors.js';
import { type Target, whereOf } from './error-text.js';

/** How often a line says the connection is still being retried. */
const NOTICE_EVERY_MS = 5000;

/**
 * Tells the user about a lost connection while it is retried: once when it goes, a line every few
 * seconds while it stays away, and how long it was out when it is back.
 */
export class OutageReport {
  private since: number | undefined;
  private lastNotice = 0;
  private where = '';
  private nodes = 1;

  /** `goesOn` says what happens meanwhile, and how to have it otherwise. */
  constructor(
    private readonly log: Logger,
    private readonly goesOn = '--no-reconnect to exit instead',
  ) {}

  /** Whether the connection is lost and being retried now. */
  get isOut(): boolean {
    return this.since !== undefined;
  }

  down(error: CliError, target: Target): void {
    this.since = Date.now();
    this.lastNotice = this.since;
    this.where = whereOf(target);
    this.nodes = target.endpoints?.length ?? 1;
    this.log.warn(`${error.message}; reconnecting (${this.goesOn})`);
  }

  retry(attempt: number, delayMs: number): void {
    this.log.debug(`reconnect attempt ${attempt} in ${delayMs} ms`);
    const now = Date.now();
    if (this.since === undefined || now - this.lastNotice < NOTICE_EVERY_MS) return;
    this.lastNotice = now;
    const to = this.nodes > 1 ? `any of ${this.nodes} nodes` : this.where;
    this.log.info(`still reconnecting to ${to} (attempt ${attempt}, ${Math.round((now - this.since) / 1000)} s)`);
  }

  /** The connection is back, to `target`: the same node, or another one (a failover); `what` says what goes on now. */
  up(what: string, target: Target): void {
    const out = this.since === undefined ? '' : formatDuration(Date.now() - this.since);
    this.since = undefined;
    const now = whereOf(target);
    if (now === this.where) this.log.info(`reconnected to ${now}${out === '' ? '' : ` after ${out} away`}; ${what}`);
    else this.log.info(`failing over to ${now}: ${this.where} was lost${out === '' ? '' : ` ${out} ago`}; ${what}`);
  }

  clear(): void {
    this.since = undefined;
  }
}
