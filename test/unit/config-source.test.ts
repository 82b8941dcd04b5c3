import { describe, expect, it } from 'vitest';
import { describeUrlSource } from '../../src/core/settings/describe.js';
import { renderConfig } from '../../src/core/settings/render.js';
import { resolveSettings, type SettingsInput } from '../../src/core/settings/resolve.js';

const resolve = (partial: Partial<SettingsInput>) => resolveSettings({ flags: {}, env: {}, ...partial });

describe('the source of the url row of config', () => {
  it.each<[string, Partial<SettingsInput>, string]>([
    ['nothing given', {}, 'default'],
    ['a whole MQ_URL', { env: { MQ_URL: 'amqp://bob:pw@rabbit:5700/shop' } }, 'MQ_URL'],
    ['MQ_URL and a --vhost over it', { env: { MQ_URL: 'amqp://bob:pw@rabbit:5700/shop' }, flags: { vhost: 'other' } }, 'MQ_URL, --vhost'],
    ['a host and the rest defaults', { env: { MQ_HOST: 'rabbit' } }, 'MQ_HOST, defaults'],
  ])('%s', (_what, input, expected) => expect(describeUrlSource(resolve(input).sources)).toBe(expected));

  it('is shown in the table and in --json', () => {
    const resolved = { ...resolve({ env: { MQ_URL: 'amqp://bob:pw@rabbit/shop' } }), profile: undefined, rcFile: undefined, warnings: [] };
    expect(renderConfig(resolved, { json: false, tty: false }).split('\n')[1]).toBe('url\tamqp://bob:***@rabbit:5672/shop\tMQ_URL');
    expect(JSON.parse(renderConfig(resolved, { json: true, tty: false })).sources.url).toBe('MQ_URL');
  });
});
