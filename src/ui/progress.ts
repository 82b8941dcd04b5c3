import { oneLine } from '../core/escape.js';
import type { Logger } from './log.js';

export interface Progress {
  stop(): void;
}

/**
 * A spinner with a running count on stderr, for long operations only: it appears after a second,
 * and never when stderr is not a terminal, reports 0 columns, or --quiet is on. ora is loaded
 * only then.
 */
export function startProgress(stream: NodeJS.WriteStream, log: Logger, env: Record<string, string | undefined>, unsafeText: () => string): Progress {
  const interactive = stream.isTTY === true && (stream.columns ?? 0) > 0 && !log.quiet && env.CI === undefined && env.TERM !== 'dumb';
  if (!interactive) return { stop: () => {} };
  // Its text names queues: escaped as the Logger escapes what it writes.
  const text = () => oneLine(unsafeText());
  let stopped = false;
  let stopSpinner = (): void => {};
  const delay = setTimeout(() => {
    void import('ora').then(({ default: ora }) => {
      if (stopped) return;
      // discardStdin would put the terminal in raw mode, where Ctrl-C is a byte, not a signal.
      const spinner = ora({ stream, text: text(), color: log.style.level > 0 ? 'cyan' : false, isEnabled: true, discardStdin: false }).start();
      const refresh = setInterval(() => (spinner.text = text()), 100);
      stopSpinner = () => {
        clearInterval(refresh);
        spinner.stop();
      };
    });
  }, 1000);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(delay);
      stopSpinner();
    },
  };
}
