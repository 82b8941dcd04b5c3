import { BrokerError, type CliError } from '../errors.js';
import type { ConnectionSettings, Endpoint } from '../settings/types.js';
import { codeOf, messageOf } from './error-text.js';

/** The nodes to try, in the order given, or shuffled (--shuffle) to spread many clients over a cluster. */
export function nodeOrder(settings: ConnectionSettings, random: () => number = Math.random): Endpoint[] {
  const nodes = [...(settings.endpoints ?? [{ host: settings.host, port: settings.port }])];
  if (!settings.shuffle) return nodes;
  for (let i = nodes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [nodes[i], nodes[j]] = [nodes[j] as Endpoint, nodes[i] as Endpoint];
  }
  return nodes;
}

// A node that is down, unreachable, slow, shutting down or in maintenance (its listeners
// suspended): the next node may well answer.
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const NODE_TEXT = /ETIMEDOUT|Socket closed abruptly|Unexpected close|CONNECTION_FORCED|during opening handshake/;

/**
 * Whether a failure to connect is the node's own, so the next node of a list is worth a try. A
 * refused login or a missing vhost is the cluster's answer: every node would give it.
 */
export function tryNextAfter(error: unknown): boolean {
  return NODE_CODES.has(codeOf(error) ?? '') || NODE_TEXT.test(messageOf(error));
}

/** Walks a list of nodes round and round, from the first. */
export class NodeCursor {
  private index = 0;

  constructor(private readonly nodes: readonly Endpoint[]) {}

  get size(): number {
    return this.nodes.length;
  }

  get current(): Endpoint {
    return this.nodes[this.index] as Endpoint;
  }

  advance(): void {
    this.index = (this.index + 1) % this.nodes.length;
  }

  /** The settings, addressed to the current node. */
  settings(base: ConnectionSettings): ConnectionSettings {
    return { ...base, host: this.current.host, port: this.current.port };
  }

  /**
   * Milliseconds to wait before reconnect attempt `attempt` (1 after a loss): none while other
   * nodes are left to try in this round, then a backoff of 250 ms, doubling to 1 s, ±20%.
   */
  delayBefore(attempt: number, random: () => number = Math.random): number {
    if (attempt % this.nodes.length !== 0) return 0;
    const base = Math.min(1000 / 1.2, 250 * 2 ** (attempt / this.nodes.length - 1));
    return Math.round(base * (0.8 + random() * 0.4));
  }
}

/** Every node of a list failed: one error that names each and why, with the last one's hint. */
export function allNodesFailed(failures: readonly CliError[]): CliError {
  const last = failures.at(-1) as CliError;
  if (failures.length === 1) return last;
  const reasons = failures.map((failure) => failure.message.replace(/^cannot connect to RabbitMQ at /, ''));
  return new BrokerError(`cannot connect to any of ${failures.length} nodes: ${reasons.join('; ')}`, { hint: last.hint, cause: last });
}
