/** 0 = none, 1 = 16 colours, 2 = 256, 3 = truecolor (chalk's levels). */
export type ColorLevel = 0 | 1 | 2 | 3;

export interface ColorInput {
  /** False when --no-color was given. */
  flag: boolean;
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
  /** What the terminal supports, as chalk detects it. */
  supported: ColorLevel;
}

/**
 * Decides the colour level of one output stream. We decide rather than chalk, because chalk
 * ignores NO_COLOR: --no-color and NO_COLOR win, FORCE_COLOR forces, and a non-terminal gets none.
 */
export function colorLevel({ flag, env, isTTY, supported }: ColorInput): ColorLevel {
  if (!flag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2' || force === '3') return Number(force) as ColorLevel;
    return Math.max(1, supported) as ColorLevel;
  }
  if (!isTTY || env.TERM === 'dumb') return 0;
  return Math.max(1, supported) as ColorLevel;
}
