import { describe, expect, it } from 'vitest';
import { aborted, onStopSignal, type StopReason } from '../../../src/core/signals.js';

/** The handlers onStopSignal added, called directly: emitting a real signal would reach the test runner too. */
function installed(...args: Parameters<typeof onStopSignal>) {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const remove = onStopSignal(...args);
  const added = (signal: StopReason) => process.listeners(signal).filter((listener) => !before[signal].includes(listener));
  const send = (signal: StopReason) => {
    for (const listener of added(signal)) (listener as () => void)();
  };
  return { send, added, remove };
}

describe('onStopSignal', () => {
  it('stops cleanly on the first signal; on the second, says where things stand and exits at once', () => {
    const calls: string[] = [];
    const { send, remove } = installed(
      (reason) => calls.push(`stop ${reason}`),
      (code) => calls.push(`exit ${code}`),
      (reason) => calls.push(`last words ${reason}`),
    );
    send('SIGTERM');
    expect(calls).toEqual(['stop SIGTERM']);
    send('SIGINT');
    expect(calls).toEqual(['stop SIGTERM', 'last words SIGINT', 'exit 130']);
    remove();
  });

  it('exits even when the last words throw', () => {
    const exits: number[] = [];
    const { send, remove } = installed(
      () => {},
      (code) => exits.push(code),
      () => {
        throw new Error('stderr is gone');
      },
    );
    send('SIGINT');
    expect(() => send('SIGTERM')).toThrow('stderr is gone');
    expect(exits).toEqual([143]);
    remove();
  });

  it('removes its handlers', () => {
    const { added, remove } = installed(
      () => {},
      () => {},
    );
    expect(added('SIGINT')).toHaveLength(1);
    remove();
    expect([...added('SIGINT'), ...added('SIGTERM')]).toEqual([]);
  });
});

describe('aborted', () => {
  it('resolves at once for an aborted signal, and on the abort otherwise', async () => {
    await aborted(AbortSignal.abort());
    const controller = new AbortController();
    let done = false;
    const waiting = aborted(controller.signal).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
  });
});
