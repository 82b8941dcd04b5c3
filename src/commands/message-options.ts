import { type Command, Option } from 'commander';
import { integer, keyValues, NON_NEGATIVE } from './parsers.js';

/** Help texts that differ between the commands that publish. */
export interface MessageOptionHelp {
  contentType: string;
  persistent: string;
  transient: string;
  correlationId: string;
  /** request sets reply-to itself: it has no flag for it. */
  replyTo: boolean;
}

/** The message-property flags of send and request (core/amqp/properties.ts reads them), in one group. */
export function addMessageOptions(command: Command, help: MessageOptionHelp): Command {
  command
    .optionsGroup('Message properties:')
    .option(
      '-H, --header <key=value>',
      'a header: key=text sends text, key:=<json> a typed value (n:=5, ok:=true, o:=\'{"a":1}\'); repeatable',
      keyValues('--header'),
    )
    .option('-t, --content-type <type>', help.contentType)
    .option('--content-encoding <encoding>', 'content encoding, e.g. gzip')
    .option('-p, --persistent', help.persistent)
    .option('--transient', help.transient)
    .addOption(new Option('--priority <0-255>', 'message priority').argParser(integer({ min: 0, max: 255, expected: 'a whole number from 0 to 255' })))
    .option('--expiration <ms>', 'per-message TTL in milliseconds', integer(NON_NEGATIVE))
    .option('--correlation-id <id>', help.correlationId);
  if (help.replyTo) command.option('--reply-to <queue>', 'reply-to address');
  return command.option('--message-id <id>', 'message id').option('--type <type>', 'message type').option('--app-id <id>', 'application id');
}
