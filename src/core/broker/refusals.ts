import type { BrokerReply } from '../amqp/reply.js';
import { BrokerError } from '../errors.js';

/** The capture groups of a refusal's pattern; every pattern below has at most six, none optional. */
type Groups = readonly [string, string, string, string, string, string];

interface Refusal {
  /** Matched against the broker's own text, after the `NOT_FOUND - ` prefix. */
  text: RegExp;
  says: (groups: Groups) => string;
  hint?: (groups: Groups) => string;
}

const REFUSALS: readonly Refusal[] = [
  {
    text: /^no (queue|exchange) '(.*)' in vhost '(.*)'$/,
    says: ([kind, name, vhost]) => `${kind} '${name}' does not exist in vhost '${vhost}'`,
    hint: ([kind, name]) => `Create it with: ${kind === 'queue' ? `mqcli queue declare ${name}` : `mqcli exchange declare ${name} --type <type>`}`,
  },
  {
    text: /^inequivalent arg '(.*)' for (queue|exchange) '(.*)' in vhost '(.*)': received (.*) but current is (.*)$/,
    says: ([arg, kind, name, , received, current]) =>
      `${kind} '${name}' already exists ${stated(arg, current, 'with', 'without')}; this asked for ${stated(arg, received, '', 'no')} (PRECONDITION_FAILED)`,
    hint: ([, kind, name]) => `Use the existing settings, or delete the ${kind} first: mqcli ${kind} delete ${name}`,
  },
  {
    text: /^(queue|exchange) name '(.*)' contains reserved prefix 'amq\.\*'$/,
    says: ([kind, name]) => `${kind} name '${name}' is reserved: names starting with 'amq.' belong to the broker (ACCESS_REFUSED)`,
    hint: () => 'Choose a name without the amq. prefix',
  },
  {
    text: /^(queue|exchange) '(.*)' in vhost '.*' (not empty|in use)$/,
    says: ([kind, name, state]) => {
      const why =
        state === 'not empty'
          ? 'it still holds messages (--if-empty)'
          : kind === 'queue'
            ? 'it has consumers (--if-unused)'
            : 'something is bound to it (--if-unused)';
      return `${kind} '${name}' was not deleted: ${why}`;
    },
  },
  {
    text: /^delivery acknowledgement on channel \d+ timed out\. Timeout value used: (\d+) ms/,
    says: ([ms]) => `the broker stopped the consumer: no ack came within its consumer timeout (${ms} ms) (PRECONDITION_FAILED)`,
    hint: () => 'Acks wait for the output to be written: a reader that stalls that long holds them back. The unacked messages are back in the queue',
  },
  {
    text: /^user_id property set to '(.*)' but authenticated user was '(.*)'$/,
    says: ([given, user]) =>
      `a message's userId property ('${given}') is not the user mqcli logged in as ('${user}'); RabbitMQ refuses that (PRECONDITION_FAILED)`,
    hint: () => 'Remove userId from the message (with --json: from the envelope), or send as that user',
  },
  {
    text: /^cannot obtain exclusive access to locked queue '(.*)' in vhost '(.*)'/,
    says: ([queue]) => `queue '${queue}' is exclusive to another connection (RESOURCE_LOCKED)`,
  },
];

/** The error for a refusal the broker explained in `reply`: the first row whose pattern matches its text. */
export function refusalError(reply: BrokerReply, cause: unknown): BrokerError {
  const options = { cause, code: reply.code };
  for (const refusal of REFUSALS) {
    const match = refusal.text.exec(reply.text);
    if (match === null) continue;
    const groups = match.slice(1) as unknown as Groups;
    return new BrokerError(refusal.says(groups), { ...options, hint: refusal.hint?.(groups) });
  }
  return new BrokerError(`the broker refused: ${reply.text} (${reply.name})`, options);
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
