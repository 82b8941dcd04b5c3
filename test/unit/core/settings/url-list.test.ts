// Several brokers in one setting: URL lists from every source, --host a,b,c, and the errors that
// name the bad entry without its password.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { renderConfig } from '../../../../src/core/settings/render.js';
import { parseRcContent, type RcFile } from '../../../../src/core/settings/rc-schema.js';
import { resolveSettings, type SettingsInput } from '../../../../src/core/settings/resolve.js';
import { parseUrlList, splitList } from '../../../../src/core/settings/url-list.js';
import { cleanOutcome } from '../../../helpers/clean-error.js';

const rc = (values: RcFile['values']): RcFile => ({ path: '/home/me/.rabbitclirc', values, profiles: {}, hasSecrets: false });
const input = (partial: Partial<SettingsInput>): SettingsInput => ({ flags: {}, env: {}, ...partial });
const nodesOf = (partial: Partial<SettingsInput>) => resolveSettings(input(partial)).connection.endpoints?.map(({ host, port }) => `${host}:${port}`);

describe('URL and host lists', () => {
  // [what, input, the nodes in order]
  it.each<[string, Partial<SettingsInput>, string[]]>([
    ['one URL, as before', { flags: { url: 'amqp://a:5700' } }, ['a:5700']],
    ['--url given twice', { flags: { url: ['amqp://a:5700', 'amqp://b:5701'] } }, ['a:5700', 'b:5701']],
    ['commas inside --url', { flags: { url: ['amqp://u:p@a:5700, amqp://b:5701', 'amqp://c'] } }, ['a:5700', 'b:5701', 'c:5672']],
    ['MQ_URL with commas', { env: { MQ_URL: 'amqp://a:5700,amqp://b:5701,amqp://c:5702' } }, ['a:5700', 'b:5701', 'c:5702']],
    ['the rc file url with commas', { rc: rc({ url: 'amqp://a,amqp://b' }) }, ['a:5672', 'b:5672']],
    ['the rc file urls list', { rc: rc({ url: ['amqp://a:1', 'amqp://b:2'] }) }, ['a:1', 'b:2']],
    ['--host a,b,c with one port', { flags: { host: 'a,b,c', port: 5799 } }, ['a:5799', 'b:5799', 'c:5799']],
    ['MQ_HOST list, default port', { env: { MQ_HOST: 'a, b' } }, ['a:5672', 'b:5672']],
    ['--host over a URL list', { flags: { host: 'x,y' }, env: { MQ_URL: 'amqp://a:5700,amqp://b:5701' } }, ['x:5700', 'y:5700']],
    ['--port over a URL list', { flags: { port: 6000 }, env: { MQ_URL: 'amqp://a:5700,amqp://b:5701' } }, ['a:6000', 'b:6000']],
    ['a URL list over MQ_HOST', { flags: { url: 'amqp://a:5700,amqp://b:5701' }, env: { MQ_HOST: 'x,y' } }, ['a:5700', 'b:5701']],
    ['amqps default port for each', { flags: { url: 'amqps://a,amqps://b' } }, ['a:5671', 'b:5671']],
  ])('%s', (_what, given, nodes) => {
    expect(nodesOf(given)).toEqual(nodes);
  });

  it('takes the login and vhost from the first URL, and the first node as host and port', () => {
    const { connection, sources } = resolveSettings(input({ env: { MQ_URL: 'amqp://bob:pw@a:5700/prod,amqp://b:5701' } }));
    expect(connection).toMatchObject({ host: 'a', port: 5700, user: 'bob', password: 'pw', vhost: 'prod' });
    expect(sources.host).toMatchObject({ name: 'MQ_URL', viaUrl: true });
  });

  // [what, input, message]
  it.each<[string, Partial<SettingsInput>, RegExp]>([
    ['an empty entry', { flags: { url: 'amqp://a,,amqp://b' } }, /^--url has an empty entry \(number 2\): 'amqp:\/\/a,,amqp:\/\/b'$/],
    ['a trailing comma', { env: { MQ_URL: 'amqp://a,' } }, /^MQ_URL has an empty entry \(number 2\)$/],
    [
      'a bad second URL',
      { flags: { url: ['amqp://u:secret@a', 'http://b'] } },
      /^--url \(URL 2 of 2\) must start with amqp:\/\/ or amqps:\/\/, not http:\/\/$/,
    ],
    ['a second URL that is no URL', { flags: { url: 'amqp://a,amqp://b:99999' } }, /^--url \(URL 2 of 2\) is not a valid URL: amqp:\/\/b:99999$/],
    [
      'another user',
      { flags: { url: 'amqp://u:p@a,amqp://v:secret@b' } },
      /^--url \(URL 2 of 2\) states another user than the first URL: amqp:\/\/v:\*\*\*@b$/,
    ],
    [
      'another password',
      { rc: rc({ url: ['amqp://u:p@a', 'amqp://u:secret@b'] }) },
      /^url in \/home\/me\/\.rabbitclirc \(URL 2 of 2\) states another password/,
    ],
    ['amqp and amqps mixed', { env: { MQ_URL: 'amqp://a,amqps://b' } }, /^MQ_URL \(URL 2 of 2\) states another protocol than the first URL$/],
    ['an empty host', { flags: { host: 'a,,b' } }, /^--host has an empty entry \(number 2\)/],
  ])('refuses %s, naming the entry', (_what, given, message) => {
    let error: unknown;
    try {
      resolveSettings(input(given));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret');
  });

  it('reads urls: from an rc file, and refuses url and urls together or a urls that is no list', () => {
    expect(parseRcContent({ urls: ['amqp://a:1', 'amqp://b:2'] }, '/x/.rabbitclirc').values.url).toEqual(['amqp://a:1', 'amqp://b:2']);
    expect(() => parseRcContent({ url: 'amqp://a', urls: ['amqp://b'] }, '/x/.rabbitclirc')).toThrow(/gives both url and urls; keep one/);
    expect(() => parseRcContent({ urls: 'amqp://a' }, '/x/.rabbitclirc')).toThrow(/^urls in \/x\/\.rabbitclirc must be a list of strings/);
  });

  it('config shows every node, and where the list came from', () => {
    const resolved = resolveSettings(input({ env: { MQ_URL: 'amqp://bob:pw@a:5700,amqp://b:5701' } }));
    const json = JSON.parse(renderConfig(resolved, { json: true, tty: false })) as { urls: string[]; sources: { url: string } };
    expect(json.urls).toEqual(['amqp://bob:***@a:5700/', 'amqp://bob:***@b:5701/']);
    expect(json.sources.url).toBe('MQ_URL, defaults');
    const table = renderConfig(resolved, { json: false, tty: false });
    expect(table).toMatch(/url\s+amqp:\/\/bob:\*\*\*@a:5700\/,amqp:\/\/bob:\*\*\*@b:5701\//);
    expect(table).toMatch(/host\s+a,b\s+MQ_URL/);
    expect(table).not.toContain('pw');
  });
});

const hostName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const entry = fc.record({ host: hostName, port: fc.integer({ min: 1, max: 65_535 }) });

describe('the list parser (properties)', () => {
  it('splitList: entries joined by commas (any spaces around) come back as they were', () => {
    fc.assert(
      fc.property(fc.array(hostName, { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ', ', ' ,'), (hosts, comma) => {
        expect(splitList(hosts.join(comma), '--host')).toEqual(hosts);
      }),
    );
  });

  it('parseUrlList: the nodes of URLs joined by commas, in order, one or several values', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.boolean(), (nodes, asValues) => {
        const urls = nodes.map(({ host, port }) => `amqp://${host}:${port}`);
        expect(parseUrlList(asValues ? urls : urls.join(','), '--url').endpoints).toEqual(nodes);
      }),
    );
  });

  it('parseUrlList on garbage: nodes, or a ConfigError with one clean line and no password', async () => {
    const password = fc.string({ minLength: 1, maxLength: 12 }).map((rest) => `Zq${rest.replaceAll(',', '')}`);
    const piece = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ',', ',,', 'amqp://', 'amqps://h', 'http://h', '@', ':', ' '));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 5 }), password, async (pieces, secret) => {
        const text = `amqp://u:${encodeURIComponent(secret)}@h,${pieces.join('')}`;
        await cleanOutcome(() => parseUrlList(text, '--url'), ConfigError, [secret, encodeURIComponent(secret)]);
      }),
      { numRuns: 300 },
    );
  });
});
