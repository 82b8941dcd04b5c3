import type { ChalkInstance } from 'chalk';
import { colorLevel, type ColorLevel } from './color.js';

/** Styling for text: chalk when colours are on, `plain` when they are off. */
export type Style = ChalkInstance;

/** No colours, chainable like chalk (`plain.bold.cyan('x') === 'x'`), and chalk never loaded. */
export const plain: Style = new Proxy(((...text: unknown[]) => text.join(' ')) as unknown as Style, {
  get: (target, property) => (property === 'level' ? 0 : property in Function.prototype ? Reflect.get(target, property) : plain),
});

export interface StreamStyles {
  stdout: Style;
  stderr: Style;
}

/**
 * The styles for stdout and stderr. chalk (and its terminal detection) is loaded only when some
 * stream may get colours, which keeps it off the start-up path of pipes and scripts.
 */
export async function streamStyles(
  flag: boolean,
  env: Record<string, string | undefined>,
  streams: { stdout: { isTTY?: boolean }; stderr: { isTTY?: boolean } },
): Promise<StreamStyles> {
  const mayColor = flag && (streams.stdout.isTTY === true || streams.stderr.isTTY === true || env.FORCE_COLOR !== undefined);
  if (!mayColor) return { stdout: plain, stderr: plain };
  const { Chalk, supportsColor, supportsColorStderr } = await import('chalk');
  const supported = (support: typeof supportsColor): ColorLevel => (support === false ? 0 : support.level);
  const style = (isTTY: boolean, support: typeof supportsColor): Style => {
    const level = colorLevel({ flag, env, isTTY, supported: supported(support) });
    return level === 0 ? plain : new Chalk({ level });
  };
  return { stdout: style(streams.stdout.isTTY === true, supportsColor), stderr: style(streams.stderr.isTTY === true, supportsColorStderr) };
}
