import type { Channel, ChannelModel, ConfirmChannel, RecoveringChannelModel, ServerProperties } from 'amqplib';
import type { CliError } from '../errors.js';
import type { ConnectionSettings } from '../settings/types.js';
import { connectError, connectionLostError } from './error-map.js';
import type { Target } from './error-text.js';
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
  readonly target: Target;

  private readonly channels = new Set<Channel>();
  private rejectLost!: (error: CliError) => void;
  private closing = false;
  private blocked = false;
  private lastError: unknown;

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

  /** Opens a connection; with `recovery`, amqplib reconnects with backoff after a loss. */
  static async open(settings: ConnectionSettings, options: OpenOptions): Promise<BrokerConnection> {
    const amqp = await import('amqplib');
    const { url, socket } = connectOptions(settings, options.name, amqp.credentials, tlsOptions(settings));
    try {
      if (options.recovery === undefined) {
        const model = await amqp.connect(url, socket);
        const connection = new BrokerConnection(model, settings);
        connection.serverProperties = model.connection.serverProperties;
        connection.watch(options);
        return connection;
      }
      // A short cap: a broker that answers again is found within about a second.
      const recovery = { initialMaxRetries: 0, initialDelay: 250, maxDelay: 1000, waitForConnect: false };
      const model = await amqp.connect(url, { ...socket, recovery });
      const connection = new BrokerConnection(model, settings);
      connection.watchRecovery(model, options.recovery);
      connection.watch(options);
      await model.waitForConnect();
      return connection;
    } catch (error) {
      throw connectError(error, settings);
    }
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

  private watchRecovery(model: RecoveringChannelModel, listener: RecoveryListener): void {
    let connected = false;
    model.on('connect', (inner: ChannelModel) => {
      this.serverProperties = inner.connection.serverProperties;
      // A new connection starts unblocked; the broker says so again if it still is.
      this.blocked = false;
      if (connected) listener.onReconnect();
      connected = true;
    });
    model.on('disconnect', (error: Error) => {
      this.channels.clear();
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
