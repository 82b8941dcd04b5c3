/** The exchange types every RabbitMQ has; plugins add x-… ones. */
export const EXCHANGE_TYPES: readonly string[] = ['direct', 'fanout', 'topic', 'headers'];
