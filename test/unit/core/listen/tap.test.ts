import { describe, expect, it } from 'vitest';
import { tapFor } from '../../../../src/core/listen/tap.js';

describe('tapFor: what sees every message of an exchange type', () => {
  it.each([
    ['topic', [{ key: '#' }]],
    ['fanout', [{ key: '' }]],
    ['headers', [{ key: '', args: { 'x-match': 'all' } }]],
  ])('%s needs one binding and says nothing', (type, bindings) => {
    expect(tapFor('ex', type, ['ignored'])).toEqual({ bindings });
  });

  it('direct binds each key its bindings use, once, and names them', () => {
    const tap = tapFor('orders', 'direct', ['b.key', 'a.key', 'b.key', '']);
    expect(tap.bindings).toEqual([{ key: '' }, { key: 'a.key' }, { key: 'b.key' }]);
    expect(tap.note).toBe(
      "exchange 'orders' is direct: the tap is bound to the 3 routing keys its bindings use ('', 'a.key', 'b.key'); " +
        'messages with other keys, keys bound from now on too, are not seen; --binding <key> binds keys of your choosing instead',
    );
    expect(tap.warning).toBeUndefined();
  });

  it('direct with one key says "the routing key"; with many lists 20 and counts the rest', () => {
    expect(tapFor('x', 'direct', ['k']).note).toMatch(/bound to the routing key its bindings use \('k'\)/);
    const keys = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const note = tapFor('x', 'direct', keys).note as string;
    expect(note).toContain("'k19' and 5 more)");
    expect(note).not.toContain('k20');
  });

  it('direct with nothing bound warns that the tap sees nothing', () => {
    expect(tapFor('x', 'direct', [])).toEqual({
      bindings: [],
      warning: "exchange 'x' is direct and nothing is bound to it, so the tap sees nothing: name the keys to see with --binding <key> (repeatable)",
    });
  });

  it('an unknown type binds # and the empty key, and warns', () => {
    const tap = tapFor('x', 'x-consistent-hash', []);
    expect(tap.bindings).toEqual([{ key: '#' }, { key: '' }]);
    expect(tap.warning).toMatch(/^mqcli does not know how an exchange of type 'x-consistent-hash' routes; .* --binding <key>/);
  });

  it('escapes control characters in names and keys from the broker', () => {
    const tap = tapFor('e\x1b[2J', 'direct', ['k\x07']);
    expect(tap.note).toContain("exchange 'e\\x1b[2J'");
    expect(tap.note).toContain("'k\\x07'");
    expect(tap.bindings).toEqual([{ key: 'k\x07' }]);
  });
});
