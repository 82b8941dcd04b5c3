// A file of its own: listen's template parser needs the names before it connects, without the envelope's code.
/** The AMQP basic properties an envelope may carry, in the order it lists them. */
export const PROPERTY_NAMES = [
  'contentType',
  'contentEncoding',
  'headers',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'userId',
  'appId',
  'clusterId',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];
