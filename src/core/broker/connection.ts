import type { Channel, ChannelModel, ConfirmChannel, RecoveringChannelModel, ServerProperties } from 'amqplib';
import type { CliError } from '../errors.js';
import type { ConnectionSettings } from '../settings/types.js';
import { connectError, connectionLostError } from './error-map.js';
import type { Target } from './error-text.js';
import { allNodesFailed, NodeCursor, nodeOrder, tryNextAfter } from './nodes.js';
import { connectOptions } from './options.js';
import { tlsOptions } from './tls.js';

/** Told about each step when a connection is lost and amqplib's recovery brings it back. */
export interface RecoveryListener {
  onDisconnect(error: CliError): void;
  onRetry(attempt: number, delayMs: number): void;
  /** A new connection is up: channels from the old one are gone and must be opened again. */
  onReconnect(): void;
}

export interface OpenOptions {
  /** Shown as the connection's name in the management UI, e.g. `mqcli send`. */
  name: string;
  /** Reconnect with backoff after a lost connection instead of failing. */
  recovery?: RecoveryListener | undefined;
  /** Called when the broker blocks or unblocks publishers (memory or disk alarm). */
  onBlocked?: ((reason: string | undefined) => void) | undefined;
  /** Called when a node of a list did not answer and the next one is tried. */
  onNodeFailed?: ((error: CliError, next: Target) => void) | undefined;
}

type Model = ChannelModel | RecoveringChannelModel;

/**
 * The one way commands talk to a broker: opens the connection, hands out channels, turns every
 * broker or network failure into a typed error, and closes channels before the connection so
 * nothing buffered is lost.
 */
export class BrokerConnection {
  /** Rejects with a BrokerError when the connection is lost for good; never resolves. */
  readonly lost: Promise<never>;
  serverProperties: ServerProperties | undefined;
  /** The node connected to (or last connected to): every error names it. */
  target: Target;

  private readonly channels = new Set<Channel>();
  private rejectLost!: (error: CliError) => void;
  private closing = false;
  private blocked = false;
  private lastError: unknown;
  /** Failures to connect before the first connection, one per node tried. */
  private readonly failures: CliError[] = [];
  /** A failure every node would give (a refused login): no other node is tried. */
  private fatal: CliError | undefined;

  private constructor(
    private readonly model: Model,
    settings: ConnectionSettings,
  ) {
    this.target = settings;
    this.lost = new Promise<never>((_, reject) => {
      this.rejectLost = reject;
    });
    // Observed through `lost` by whoever cares; never an unhandled rejection.
    this.lost.catch(() => {});
  }

  /**
   * Opens a connection to the first node of the list that answers; with `recovery`, amqplib
   * reconnects after a loss, trying the next node first (failover), then the others in turn.
   */
  static async open(settings: ConnectionSettings, options: OpenOptions): Promise<BrokerConnection> {
    const amqp = await import('amqplib');
    const nodes = new NodeCursor(nodeOrder(settings));
    const tls = tlsOptions(settings);
    if (options.recovery === undefined) return BrokerConnection.openOnce(amqp, nodes, settings, options, tls);
    const { url, socket } = connectOptions(settings, options.name, amqp.credentials, tls);
    // amqplib reads the address at each attempt: it is whichever node the cursor is at.
    Object.defineProperties(url, { hostname: { get: () => nodes.current.host }, port: { get: () => nodes.current.port } });
    // Every node once before giving up at the start; later, retries without end.
    const recovery = { initialMaxRetries: nodes.size - 1, calculateDelay: (attempt: number) => nodes.delayBefore(attempt), waitForConnect: false };
    const model = await amqp.connect(url, { ...socket, recovery });
    const connection = new BrokerConnection(model, nodes.settings(settings));
    connection.watchRecovery(model, options, nodes, settings);
    connection.watch(options);
    try {
      await model.waitForConnect();
    } catch {
      throw connection.fatal ?? allNodesFailed(connection.failures);
    }
    return connection;
  }

  /** Tries each node in turn until one answers, or one gives an answer every node would give. */
  private static async openOnce(
    amqp: typeof import('amqplib'),
    nodes: NodeCursor,
    settings: ConnectionSettings,
    options: OpenOptions,
    tls: ReturnType<typeof tlsOptions>,
  ): Promise<BrokerConnection> {
    const failures: CliError[] = [];
    for (let tried = 0; tried < nodes.size; tried++) {
      const target = nodes.settings(settings);
      const { url, socket } = connectOptions(target, options.name, amqp.credentials, tls);
      try {
        const model = await amqp.connect(url, socket);
        const connection = new BrokerConnection(model, target);
        connection.serverProperties = model.connection.serverProperties;
        connection.watch(options);
        return connection;
      } catch (error) {
        const failure = connectError(error, target);
        if (!tryNextAfter(error)) throw failure;
        failures.push(failure);
        nodes.advance();
        if (tried + 1 < nodes.size) options.onNodeFailed?.(failure, nodes.settings(settings));
      }
    }
    throw allNodesFailed(failures);
  }

  /** A plain channel; its errors are recorded, never thrown at the process. */
  async channel(): Promise<Channel> {
    return this.track(await this.model.createChannel());
  }

  /** A channel in confirm mode: every publish is acked or nacked by the broker. */
  async confirmChannel(): Promise<ConfirmChannel> {
    return this.track(await this.model.createConfirmChannel());
  }

  /** Closes every channel, newest first, then the connection. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // A blocked broker reads nothing from us, so a channel close would wait forever;
    // closing the connection alone is what amqplib does then.
    if (!this.blocked) {
      for (const channel of [...this.channels].reverse()) await channel.close().catch(() => {});
    }
    await this.model.close().catch(() => {});
  }

  private track<T extends Channel>(channel: T): T {
    this.channels.add(channel);
    channel.on('error', () => {});
    channel.on('close', () => this.channels.delete(channel));
    return channel;
  }

  private watch(options: OpenOptions): void {
    this.model.on('error', (error: unknown) => {
      this.lastError = error;
    });
    this.model.on('blocked', (reason: string | undefined) => {
      this.blocked = true;
      options.onBlocked?.(reason);
    });
    this.model.on('unblocked', () => {
      this.blocked = false;
      options.onBlocked?.(undefined);
    });
    if (options.recovery === undefined) {
      this.model.on('close', (error?: unknown) => this.fail(error));
    }
  }

  private watchRecovery(model: RecoveringChannelModel, options: OpenOptions, nodes: NodeCursor, settings: ConnectionSettings): void {
    const listener = options.recovery as RecoveryListener;
    let connected = false;
    model.on('connect', (inner: ChannelModel) => {
      this.serverProperties = inner.connection.serverProperties;
      this.target = nodes.settings(settings);
      // A new connection starts unblocked; the broker says so again if it still is.
      this.blocked = false;
      if (connected) listener.onReconnect();
      connected = true;
    });
    model.on('connect-failed', (error: Error) => {
      const failure = connectError(error, nodes.settings(settings));
      if (!connected) {
        this.failures.push(failure);
        if (!tryNextAfter(error)) {
          this.fatal = failure;
          void model.close();
          return;
        }
      }
      nodes.advance();
      if (!connected && this.failures.length < nodes.size) options.onNodeFailed?.(failure, nodes.settings(settings));
    });
    model.on('disconnect', (error: Error) => {
      this.channels.clear();
      // The node just lost is the last one tried again.
      nodes.advance();
      if (!this.closing) listener.onDisconnect(connectionLostError(error, this.target));
    });
    model.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) => {
      if (connected && !this.closing) listener.onRetry(attempt, delay);
    });
    model.on('reconnect-failed', (error: Error) => {
      if (connected) this.fail(error);
    });
  }

  private fail(error: unknown): void {
    if (this.closing) return;
    this.rejectLost(connectionLostError(error ?? this.lastError, this.target));
  }
}
