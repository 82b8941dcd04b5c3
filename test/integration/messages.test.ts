// The one-line summaries and errors users read most, pinned in __snapshots__/: what send and
// listen say when they are done, and the refusals of a broker that is there. Durations, rates,
// queue names and ports are made constant first. A changed wording fails here until
// `npx vitest run --project integration test/integration/messages.test.ts -u` updates the snapshot.
import { describe, expect, inject, it } from 'vitest';
import { deleteQueue, uniqueName } from '../helpers/amqp.js';
import { mqcli } from '../helpers/cli.js';

/** Exit code, stdout and stderr of `mqcli <args>`, with what varies from run to run replaced. */
async function said(args: string[], options: Parameters<typeof mqcli>[1] = {}, names: string[] = []) {
  const { code, stdout, stderr } = await mqcli(args, options);
  const steady = (text: string) => {
    let out = text
      .replace(/\bin \d+(\.\d+)? (ms|s|min)\b/g, 'in <time>')
      .replace(/\b[\d,.]+ msg\/s\b/g, '<rate> msg/s')
      .replaceAll(`:${inject('broker').port}`, ':<port>');
    for (const [i, name] of names.entries()) out = out.replaceAll(name, `<queue ${i + 1}>`);
    return out;
  };
  return { code, stdout: steady(stdout), stderr: steady(stderr) };
}

describe('what send says', () => {
  it('creating the queue, then sending to it', async () => {
    const queue = uniqueName('said');
    expect(await said(['send', queue, 'a', 'b', 'c'], {}, [queue])).toMatchSnapshot();
    expect(await said(['send', queue, 'd'], {}, [queue])).toMatchSnapshot();
    await deleteQueue(queue);
  });

  it('lines from stdin', async () => {
    const queue = uniqueName('said');
    expect(await said(['send', queue], { input: 'one\ntwo\n' }, [queue])).toMatchSnapshot();
    await deleteQueue(queue);
  });

  it('to an exchange where nothing takes the routing key', async () => {
    const key = uniqueName('nobody');
    expect(await said(['send', '--exchange', 'amq.direct', key, 'x'], {}, [key])).toMatchSnapshot();
  });

  it('with --no-declare, to a queue that is not there', async () => {
    const queue = uniqueName('said');
    expect(await said(['send', queue, 'x', '--no-declare'], {}, [queue])).toMatchSnapshot();
  });
});

describe('what listen says', () => {
  it('--count, --drain, and --drain on an empty queue', async () => {
    const queue = uniqueName('said');
    await mqcli(['send', queue, 'm1', 'm2', 'm3', 'm4']);
    expect(await said(['listen', queue, '--count', '2'], {}, [queue])).toMatchSnapshot();
    expect(await said(['listen', queue, '--drain'], {}, [queue])).toMatchSnapshot();
    expect(await said(['listen', queue, '--drain'], {}, [queue])).toMatchSnapshot();
    await deleteQueue(queue);
  });

  it('with --no-declare, on a queue that is not there', async () => {
    const queue = uniqueName('said');
    expect(await said(['listen', queue, '--no-declare', '--drain'], {}, [queue])).toMatchSnapshot();
  });
});

describe('what a broker that is there refuses', () => {
  it('a wrong password', async () => {
    expect(await said(['ping'], { env: { MQ_USER: 'guest', MQ_PASSWORD: 'not-the-password' } })).toMatchSnapshot();
  });

  it('a vhost that does not exist', async () => {
    expect(await said(['ping', '--vhost', 'no-such-vhost'])).toMatchSnapshot();
  });
});
