import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allNodesFailed, NodeCursor, nodeOrder, tryNextAfter } from '../../../../src/core/broker/nodes.js';
import { BrokerError } from '../../../../src/core/errors.js';
import { resolveSettings } from '../../../../src/core/settings/resolve.js';

const settingsOf = (url: string, shuffle = false) => resolveSettings({ flags: { url, shuffle }, env: {} }).connection;
const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5672`), { code });

describe('the nodes of a list', () => {
  it('are tried in the order given, or in a shuffled order with --shuffle', () => {
    const list = 'amqp://a,amqp://b,amqp://c';
    expect(nodeOrder(settingsOf(list)).map((node) => node.host)).toEqual(['a', 'b', 'c']);
    expect(nodeOrder(settingsOf(list, true), () => 0).map((node) => node.host)).toEqual(['b', 'c', 'a']);
  });

  it('shuffled, are still every node once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (hosts, r) => {
          const order = nodeOrder(settingsOf(hosts.map((host) => `amqp://${host}`).join(','), true), () => r);
          expect(order.map((node) => node.host).toSorted()).toEqual(hosts.toSorted());
        },
      ),
    );
  });

  // [what, error, try the next node]
  it.each<[string, unknown, boolean]>([
    ['refused', withCode('ECONNREFUSED'), true],
    ['a timeout', new Error('connect ETIMEDOUT'), true],
    ['no route', withCode('EHOSTUNREACH'), true],
    ['an unknown host', withCode('ENOTFOUND'), true],
    ['a reset during the handshake', withCode('ECONNRESET'), true],
    ['a node shutting down', new Error('Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - shutdown"'), true],
    ['a refused login', new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED"'), false],
    ['a missing vhost', new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'), false],
    ['a bad certificate', withCode('CERT_HAS_EXPIRED'), false],
  ])('after %s: next node %s', (_what, error, next) => {
    expect(tryNextAfter(error)).toBe(next);
  });

  it('are walked round and round, waiting only once per round', () => {
    const cursor = new NodeCursor([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
      { host: 'c', port: 3 },
    ]);
    const seen = [cursor.current.host];
    for (let i = 0; i < 4; i++) {
      cursor.advance();
      seen.push(cursor.current.host);
    }
    expect(seen).toEqual(['a', 'b', 'c', 'a', 'b']);
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 9, 30].map((attempt) => cursor.delayBefore(attempt, half))).toEqual([0, 0, 250, 0, 0, 500, 833, 833]);
    const one = new NodeCursor([{ host: 'a', port: 1 }]);
    expect([1, 2, 3, 4].map((attempt) => one.delayBefore(attempt, half))).toEqual([250, 500, 833, 833]);
  });

  it('that all failed make one error naming each', () => {
    const error = allNodesFailed([
      new BrokerError('cannot connect to RabbitMQ at a:1: connection refused', { hint: 'first' }),
      new BrokerError('no answer from b:2 within 100 ms', { hint: 'Check the host' }),
    ]);
    expect(error.message).toBe('cannot connect to any of 2 nodes: a:1: connection refused; no answer from b:2 within 100 ms');
    expect(error.hint).toBe('Check the host');
    const single = new BrokerError('cannot connect to RabbitMQ at a:1: connection refused');
    expect(allNodesFailed([single])).toBe(single);
  });
});
