import { type BrokerReply, parseBrokerReply } from '../amqp/reply.js';
import { BrokerError, CliError } from '../errors.js';
import { codeOf, messageOf, type Target, whereOf } from './error-text.js';
import { refusalError } from './refusals.js';
import { tlsError } from './tls-errors.js';

/**
 * Whether an operation failed only because its channel or connection went away meanwhile (not
 * because the broker refused it): after a reconnect, the next one will try again.
 */
export function isConnectionGone(error: unknown): boolean {
  if (typeof (error as { code?: unknown } | undefined)?.code === 'number') return false;
  return /^(Channel|Connection) (closed|ended)|ECONNRESET|EPIPE|Socket closed abruptly/i.test(messageOf(error));
}

export const START_BROKER_HINT =
  'Is RabbitMQ running there? Start one (`docker run -d -p 5672:5672 rabbitmq:4`, `sudo systemctl start rabbitmq-server`, ' +
  'or `npm run broker` in a clone of mqcli), or point mqcli at yours with --host/--port or MQ_URL';

/** One failure to connect, as the rules below look at it. */
interface Failure {
  code: string;
  message: string;
  reply: BrokerReply | undefined;
  target: Target;
  where: string;
}

interface ConnectRule {
  when: (failure: Failure) => boolean;
  says: (failure: Failure) => string;
  hint?: string;
  /** The error carries the broker's reply code. */
  replyCode?: true;
}

// The first rule that matches wins: certificate login is told apart before password login.
const CONNECT_RULES: readonly ConnectRule[] = [
  { when: (f) => f.code === 'ECONNREFUSED', says: (f) => `cannot connect to RabbitMQ at ${f.where}: connection refused`, hint: START_BROKER_HINT },
  {
    when: (f) => f.code === 'ENOTFOUND' || f.code === 'EAI_AGAIN',
    says: (f) => `cannot resolve host '${f.target.host}'`,
    hint: 'Check --host, MQ_HOST or the URL',
  },
  { when: (f) => f.code === 'EHOSTUNREACH' || f.code === 'ENETUNREACH', says: (f) => `no route to ${f.where}`, hint: 'Check the host and your network' },
  {
    when: (f) => f.code === 'ETIMEDOUT' || /ETIMEDOUT/.test(f.message),
    says: (f) => `no answer from ${f.where} within ${f.target.timeout} ms`,
    hint: 'Check the host and port (and any firewall between), or allow more time with --timeout <ms>',
  },
  {
    when: (f) => f.reply?.name === 'ACCESS_REFUSED' && f.target.auth === 'external',
    says: (f) => `certificate login refused at ${f.where} (ACCESS_REFUSED)`,
    hint: 'The user named by the certificate (its CN, by default) must exist on the broker, with access to the vhost',
    replyCode: true,
  },
  {
    when: (f) => /SASL mechanism EXTERNAL is not provided/.test(f.message),
    says: (f) => `${f.where} does not offer certificate login (SASL EXTERNAL)`,
    hint: 'Enable the rabbitmq_auth_mechanism_ssl plugin and add EXTERNAL to auth_mechanisms on the broker',
  },
  {
    when: (f) => f.reply?.name === 'ACCESS_REFUSED',
    says: (f) => `login refused for user '${f.target.user}' at ${f.where} (ACCESS_REFUSED)`,
    hint: 'Check --user and --password (or MQ_USER / MQ_PASSWORD); the guest user may only log in from localhost',
    replyCode: true,
  },
  {
    when: (f) => /Expected ConnectionOpenOk; got <ConnectionClose/.test(f.message),
    says: (f) => `cannot open vhost '${f.target.vhost}' at ${f.where}: it does not exist, or user '${f.target.user}' may not use it`,
    hint: 'Check --vhost (or MQ_VHOST); `rabbitmqctl list_vhosts` lists them',
  },
  {
    when: (f) => /exceeds maxFrameSize|Expected ConnectionStart|during opening handshake|Unexpected close|ECONNRESET/.test(f.message + f.code),
    says: (f) => `${f.where} did not answer like an AMQP 0-9-1 broker`,
    hint: 'Is that the right port? AMQP is usually 5672; a TLS port (usually 5671) needs amqps://; 15672 is the management web UI',
  },
];

/** Turns a failure to open a connection into one clear error naming host, port, user or vhost. */
export function connectError(error: unknown, target: Target): CliError {
  if (error instanceof CliError) return error;
  const tls = tlsError(error, target);
  if (tls !== undefined) return tls;
  const message = messageOf(error);
  const failure: Failure = { code: codeOf(error) ?? '', message, reply: parseBrokerReply(message), target, where: whereOf(target) };
  const rule = CONNECT_RULES.find((candidate) => candidate.when(failure));
  if (rule === undefined) return new BrokerError(`cannot connect to RabbitMQ at ${failure.where}: ${message}`, { cause: error });
  return new BrokerError(rule.says(failure), { cause: error, hint: rule.hint, code: rule.replyCode ? failure.reply?.code : undefined });
}

/** Turns the loss of an open connection into an error: closed by the broker, or by the network. */
export function connectionLostError(error: unknown, target: Target): CliError {
  if (error instanceof CliError) return error;
  const message = messageOf(error ?? 'connection closed');
  const reply = parseBrokerReply(message);
  if (reply !== undefined) {
    // With several nodes, say which one.
    const broker = (target.endpoints?.length ?? 1) > 1 ? `the broker at ${whereOf(target)}` : 'the broker';
    return new BrokerError(`${broker} closed the connection: ${reply.text} (${reply.name})`, { cause: error, code: reply.code });
  }
  const why = /Heartbeat timeout/.test(message) ? ': no heartbeat from the broker' : '';
  return new BrokerError(`lost the connection to ${whereOf(target)}${why}`, { cause: error });
}

/** Turns a broker's refusal of one operation (404, 406, 403, 405…) into a clear error. */
export function operationError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = messageOf(error);
  const reply = parseBrokerReply(message);
  return reply === undefined ? new BrokerError(message, { cause: error }) : refusalError(reply, error);
}

/** The broker refused an operation because the queue or exchange does not exist (404 NOT_FOUND). */
export const isNotFound = (error: unknown): boolean => (error as { code?: unknown }).code === 404;

/** The broker refused an operation as against the object's settings or kind (406 PRECONDITION_FAILED). */
export const isPreconditionFailed = (error: unknown): boolean => (error as { code?: unknown }).code === 406;
