import type { Run } from '../context.js';
import { queueName } from '../amqp/names.js';
import { withConnection } from '../broker/session.js';
import { UsageError } from '../errors.js';
import { checkQueue, declareQueue, type DeclaredQueue, type QueueState } from './declare.js';
import { hasSettings, queueSpec, type QueueOptions } from '../amqp/queue-spec.js';
import { checkArgumentsSize } from '../publish-limits.js';

/** `queue declare`: validates everything before connecting, then declares (or, passive, checks) the queue. */
export async function runDeclare(run: Run, argument: string | undefined, options: QueueOptions & { passive?: boolean }): Promise<DeclaredQueue | QueueState> {
  const name = queueName(argument, run.env);
  if (options.passive && hasSettings(options)) {
    throw new UsageError('--passive only checks that the queue exists; it takes no queue settings');
  }
  const spec = options.passive ? undefined : queueSpec(options);
  if (spec !== undefined) checkArgumentsSize(spec.arguments);
  if (spec?.exclusive) run.log.warn('an exclusive queue belongs to this connection: it is deleted as soon as mqcli exits');
  const { connection } = await run.settings();
  return withConnection(connection, { name: 'mqcli queue declare' }, (broker) =>
    spec === undefined ? checkQueue(broker, name) : declareQueue(broker, name, spec),
  );
}
