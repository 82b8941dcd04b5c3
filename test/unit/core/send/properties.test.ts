import { describe, expect, it } from 'vitest';
import { flagHeaders } from '../../../../src/core/amqp/header-flags.js';
import { contentTypeFor, DEFAULT_PROPERTIES, mergeProperties, propertiesFromFlags, withFlagHeaders } from '../../../../src/core/send/properties.js';

describe('send properties', () => {
  it("lays --header flags over an envelope's typed headers, key by key, keeping the other types", () => {
    const own = { n: { tag: 'I', value: 42 }, keep: { tag: 'd', value: 2 } } as const;
    expect(withFlagHeaders(own, undefined)).toBe(own);
    expect(withFlagHeaders(own, flagHeaders(['n=7', 'extra=x']))).toEqual({
      n: { tag: 'S', value: Buffer.from('7') },
      keep: { tag: 'd', value: 2 },
      extra: { tag: 'S', value: Buffer.from('x') },
    });
  });

  it('sets only what the flags give', () => {
    expect(propertiesFromFlags({})).toEqual({});
    expect(propertiesFromFlags({ header: ['a=1', 'b=x=y'], persistent: true, expiration: 5, priority: 0 })).toEqual({
      headers: { a: '1', b: 'x=y' },
      deliveryMode: 2,
      expiration: '5',
      priority: 0,
    });
  });

  it('lets flags win over a message’s own properties, merging headers', () => {
    expect(mergeProperties({ headers: { a: 1, b: 2 }, type: 'own', appId: 'own' }, { headers: { b: 3 }, type: 'flag' })).toEqual({
      headers: { a: 1, b: 3 },
      type: 'flag',
      appId: 'own',
    });
  });

  it.each([
    ['a.json', 'application/json'],
    ['A.JSON', 'application/json'],
    ['x.txt', 'text/plain'],
    ['x.xml', 'application/xml'],
    ['x.csv', 'text/csv'],
    ['x', undefined],
    ['x.unknown', undefined],
  ])('guesses the content type of %s', (path, type) => expect(contentTypeFor(path)).toBe(type));

  it('persistent by default; --transient opts out; the two flags disagree', () => {
    expect(propertiesFromFlags({})).toEqual({});
    expect(DEFAULT_PROPERTIES).toEqual({ deliveryMode: 2 });
    expect(propertiesFromFlags({ transient: true })).toEqual({ deliveryMode: 1 });
    expect(() => propertiesFromFlags({ transient: true, persistent: true })).toThrow(/disagree/);
  });
});
