// moved: re-exported until listen/send import the new module
export { checkName, queueName } from '../amqp/names.js';
