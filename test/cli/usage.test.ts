// Bad flags and refused combinations exit 2 before any connection (moved from the spawn-based
// foundation, send, listen and manage tests). The fake env points at port 1, where nothing
// listens: a command that connected would exit 1 instead.
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';

describe('invalid flag values exit 2 before connecting', () => {
  it.each([
    [['ping', '--port', '70000'], /option '--port <port>' argument '70000' is invalid. Expected a port number from 1 to 65535/],
    [['ping', '--port', 'abc'], /argument 'abc' is invalid/],
    [['ping', '--heartbeat', 'soon'], /option '--heartbeat <seconds>' argument 'soon' is invalid/],
    // `request` gives --timeout its own meaning, so the connect timeout is checked with the settings.
    [['ping', '--timeout', '0'], /--timeout must be whole milliseconds from 1 to 3600000, not '0'/],
    [['ping', '--timeout', '1.5'], /--timeout must be whole milliseconds from 1 to 3600000, not '1.5'/],
    [['queue', 'declare', 'q', '--max-length', 'ten'], /option '--max-length <n>' argument 'ten' is invalid/],
    [['queue', 'declare', 'q', '--type', 'lazy'], /Allowed choices are classic, quorum, stream/],
    [['nope'], /unknown command 'nope'/],
    [['ping', '--nope'], /unknown option '--nope'/],
  ])('%j', async (args, message) => {
    const result = await runMain(args, { env: { MQ_PORT: '1' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/connection refused/);
  });
});

describe('mqcli send refuses bad input with exit 2, before sending anything', () => {
  it.each([
    [['send', 'q', 'x', '-H', 'novalue'], /--header expects key=value, not 'novalue'/],
    [['send', 'q', 'x', '--priority', 'high'], /option '--priority <0-255>' argument 'high' is invalid/],
    [['send', 'q', 'x', '--priority', '300'], /argument '300' is invalid/],
    [['send', 'q', 'x', '--expiration', '-5'], /option '--expiration <ms>' argument '-5' is invalid/],
    [['send', 'q', '--file', 'missing.bin'], /file missing.bin does not exist/],
    [['send', 'q', 'x', '--json'], /--json is about reading stdin; it cannot be used with message arguments/],
    [['send', 'q', 'x', '--file', 'a'], /give messages as arguments or with --file, not both/],
    [['send', 'q', '--json', '--whole'], /--json reads one envelope per line/],
    [['send', 'q', '--repeat', '2'], /--repeat works with message arguments, --file or --whole/],
    [['send', 'q', '--delimiter', ''], /--delimiter cannot be empty/],
    [['send'], /no queue given/],
    [['send', '--exchange', 'amq.topic', 'k', 'x', '--no-declare'], /--no-declare is about the queue behind the default exchange/],
  ])('%j', async (args, message) => {
    const result = await runMain(args, { input: 'line\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('mqcli listen refuses', () => {
  it('refuses what --no-ack cannot do exactly, and an --idle-timeout Node cannot time', async () => {
    const noAck = await runMain(['listen', 'q', '--no-ack', '--count', '5']);
    expect(noAck.code).toBe(2);
    expect(noAck.stderr).toMatch(/--count cannot stop at exactly n with --no-ack/);
    const idle = await runMain(['listen', 'q', '--idle-timeout', '3000000']);
    expect(idle.code).toBe(2);
    expect(idle.stderr).toMatch(/Expected whole seconds from 1 to 2147483/);
  });
});

describe('exchanges', () => {
  it.each([
    [['exchange', 'declare', 'x'], 2, /required option '-t, --type <type>' not specified/],
    [['exchange', 'declare', 'x', '--type', 'round-robin'], 2, /Expected direct, fanout, topic, headers or a plugin's x-… type/],
  ])('%j exits %i', async (args, code, message) => {
    const result = await runMain(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});

describe('this tier', () => {
  it('reaches no broker: the fake env points at a port where nothing listens', async () => {
    const result = await runMain(['ping']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot connect to RabbitMQ at 127\.0\.0\.1:1: connection refused/);
  });
});
