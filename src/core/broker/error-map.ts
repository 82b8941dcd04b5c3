import { BrokerError, CliError } from '../errors.js';
import { tlsError } from './tls-errors.js';

/** Where we were connecting, for messages that name it. */
export interface Target {
  host: string;
  port: number;
  vhost: string;
  user: string;
  timeout: number;
  auth?: 'plain' | 'external';
  servername?: string | undefined;
}

export const START_BROKER_HINT =
  'Is RabbitMQ running there? Start one (`docker run -d -p 5672:5672 rabbitmq:4`, `sudo systemctl start rabbitmq-server`, ' +
  'or `npm run broker` in a clone of mqcli), or point mqcli at yours with --host/--port or MQ_URL';

/** A broker's reply, as amqplib words it: `404 (NOT-FOUND) with message "NOT_FOUND - no queue 'x'…"`. */
export interface BrokerReply {
  code: number;
  name: string;
  /** The broker's own text, without the `NOT_FOUND - ` prefix. */
  text: string;
}

export function parseBrokerReply(message: string): BrokerReply | undefined {
  const match = /(\d{3}) \(([A-Z-]+)\) with message "(.*)"$/s.exec(message);
  if (match === null) return undefined;
  const [, code, name, text] = match as unknown as [string, string, string, string];
  return { code: Number(code), name: name.replace(/-/g, '_'), text: text.replace(/^[A-Z_]+ - /, '') };
}

export const codeOf = (error: unknown): string | undefined => (error as { code?: unknown }).code as string | undefined;
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Turns a failure to open a connection into one clear error naming host, port, user or vhost. */
export function connectError(error: unknown, target: Target): CliError {
  if (error instanceof CliError) return error;
  const where = `${target.host}:${target.port}`;
  const message = messageOf(error);
  const code = codeOf(error);
  const options = { cause: error };
  const tls = tlsError(error, target);
  if (tls !== undefined) return tls;
  if (code === 'ECONNREFUSED') {
    return new BrokerError(`cannot connect to RabbitMQ at ${where}: connection refused`, { ...options, hint: START_BROKER_HINT });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new BrokerError(`cannot resolve host '${target.host}'`, { ...options, hint: 'Check --host, MQ_HOST or the URL' });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new BrokerError(`no route to ${where}`, { ...options, hint: 'Check the host and your network' });
  }
  if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(message)) {
    return new BrokerError(`no answer from ${where} within ${target.timeout} ms`, {
      ...options,
      hint: 'Check the host and port (and any firewall between), or allow more time with --timeout <ms>',
    });
  }
  const reply = parseBrokerReply(message);
  if (reply?.name === 'ACCESS_REFUSED' && target.auth === 'external') {
    return new BrokerError(`certificate login refused at ${where} (ACCESS_REFUSED)`, {
      ...options,
      code: reply.code,
      hint: "The user named by the certificate (its CN, by default) must exist on the broker, with access to the vhost",
    });
  }
  if (/SASL mechanism EXTERNAL is not provided/.test(message)) {
    return new BrokerError(`${where} does not offer certificate login (SASL EXTERNAL)`, {
      ...options,
      hint: 'Enable the rabbitmq_auth_mechanism_ssl plugin and add EXTERNAL to auth_mechanisms on the broker',
    });
  }
  if (reply?.name === 'ACCESS_REFUSED') {
    return new BrokerError(`login refused for user '${target.user}' at ${where} (ACCESS_REFUSED)`, {
      ...options,
      code: reply.code,
      hint: 'Check --user and --password (or MQ_USER / MQ_PASSWORD); the guest user may only log in from localhost',
    });
  }
  if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return new BrokerError(`cannot open vhost '${target.vhost}' at ${where}: it does not exist, or user '${target.user}' may not use it`, {
      ...options,
      hint: 'Check --vhost (or MQ_VHOST); `rabbitmqctl list_vhosts` lists them',
    });
  }
  if (/exceeds maxFrameSize|Expected ConnectionStart|during opening handshake|Unexpected close|ECONNRESET/.test(message + (code ?? ''))) {
    return new BrokerError(`${where} did not answer like an AMQP 0-9-1 broker`, {
      ...options,
      hint: 'Is that the right port? AMQP is usually 5672; a TLS port (usually 5671) needs amqps://; 15672 is the management web UI',
    });
  }
  return new BrokerError(`cannot connect to RabbitMQ at ${where}: ${message}`, options);
}

/** Turns the loss of an open connection into an error: closed by the broker, or by the network. */
export function connectionLostError(error: unknown, target: Target): CliError {
  if (error instanceof CliError) return error;
  const where = `${target.host}:${target.port}`;
  const message = messageOf(error ?? 'connection closed');
  const reply = parseBrokerReply(message);
  if (reply !== undefined) {
    return new BrokerError(`the broker closed the connection: ${reply.text} (${reply.name})`, { cause: error, code: reply.code });
  }
  if (/Heartbeat timeout/.test(message)) {
    return new BrokerError(`lost the connection to ${where}: no heartbeat from the broker`, { cause: error });
  }
  return new BrokerError(`lost the connection to ${where}`, { cause: error });
}

/** Turns a broker's refusal of one operation (404, 406, 403, 405…) into a clear error. */
export function operationError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = messageOf(error);
  const reply = parseBrokerReply(message);
  if (reply === undefined) return new BrokerError(message, { cause: error });
  const options = { cause: error, code: reply.code };
  const text = reply.text;

  const missing = /^no (queue|exchange) '(.*)' in vhost '(.*)'$/.exec(text);
  if (missing !== null) {
    const [, kind, name, vhost] = missing as unknown as [string, string, string, string];
    const create = kind === 'queue' ? `mqcli queue declare ${name}` : `mqcli exchange declare ${name} --type <type>`;
    return new BrokerError(`${kind} '${name}' does not exist in vhost '${vhost}'`, { ...options, hint: `Create it with: ${create}` });
  }
  const differs = /^inequivalent arg '(.*)' for (queue|exchange) '(.*)' in vhost '(.*)': received (.*) but current is (.*)$/.exec(text);
  if (differs !== null) {
    const [, arg, kind, name, , received, current] = differs as unknown as [string, string, string, string, string, string, string];
    return new BrokerError(`${kind} '${name}' already exists ${stated(arg, current, 'with', 'without')}; this asked for ${stated(arg, received, '', 'no')} (PRECONDITION_FAILED)`, {
      ...options,
      hint: `Use the existing settings, or delete the ${kind} first: mqcli ${kind} delete ${name}`,
    });
  }
  const reserved = /^(queue|exchange) name '(.*)' contains reserved prefix 'amq\.\*'$/.exec(text);
  if (reserved !== null) {
    return new BrokerError(`${reserved[1]} name '${reserved[2]}' is reserved: names starting with 'amq.' belong to the broker (ACCESS_REFUSED)`, {
      ...options,
      hint: 'Choose a name without the amq. prefix',
    });
  }
  const guard = /^(queue|exchange) '(.*)' in vhost '.*' (not empty|in use)$/.exec(text);
  if (guard !== null) {
    const [, kind, name, state] = guard as unknown as [string, string, string, string];
    const why = state === 'not empty' ? 'it still holds messages (--if-empty)' : kind === 'queue' ? 'it has consumers (--if-unused)' : 'something is bound to it (--if-unused)';
    return new BrokerError(`${kind} '${name}' was not deleted: ${why}`, options);
  }
  const timedOut = /^delivery acknowledgement on channel \d+ timed out\. Timeout value used: (\d+) ms/.exec(text);
  if (timedOut !== null) {
    return new BrokerError(`the broker stopped the consumer: no ack came within its consumer timeout (${timedOut[1]} ms) (PRECONDITION_FAILED)`, {
      ...options,
      hint: 'Acks wait for the output to be written: a reader that stalls that long holds them back. The unacked messages are back in the queue',
    });
  }
  const userId = /^user_id property set to '(.*)' but authenticated user was '(.*)'$/.exec(text);
  if (userId !== null) {
    return new BrokerError(`a message's userId property ('${userId[1]}') is not the user mqcli logged in as ('${userId[2]}'); RabbitMQ refuses that (PRECONDITION_FAILED)`, {
      ...options,
      hint: 'Remove userId from the message (with --json: from the envelope), or send as that user',
    });
  }
  const locked = /^cannot obtain exclusive access to locked queue '(.*)' in vhost '(.*)'/.exec(text);
  if (locked !== null) {
    return new BrokerError(`queue '${locked[1]}' is exclusive to another connection (RESOURCE_LOCKED)`, options);
  }
  return new BrokerError(`the broker refused: ${text} (${reply.name})`, options);
}

/**
 * How the broker states one side of a difference: `'true'` → `with durable=true`,
 * `the value '10' of type 'byte'` → `with x-max-length=10`, `none` → `without x-max-length`.
 */
function stated(arg: string, phrase: string, present: string, absent: string): string {
  if (phrase === 'none') return `${absent} ${arg}`;
  const value = /^the value '(.*)' of type '.*'$/.exec(phrase)?.[1] ?? /^'(.*)'$/.exec(phrase)?.[1] ?? phrase;
  return `${present} ${arg}=${value}`.trimStart();
}
