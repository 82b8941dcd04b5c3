/**
 * Control characters a terminal acts on: C0, DEL and C1. They are shown as `\x1b`, so a message or
 * an echoed value can neither clear the screen, retitle the window nor ring the bell.
 */
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
const CONTROLS_BUT_LAYOUT = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

type Mark = (shown: string) => string;
const asIs: Mark = (shown) => shown;
const escaped = (char: string): string => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `text` with every control but `\n` and `\t` shown as `\xHH`; `mark` styles each escape (dim). */
export function showControls(text: string, mark: Mark = asIs): string {
  return text.replace(CONTROLS_BUT_LAYOUT, (char) => mark(escaped(char)));
}

/** `text` kept on one line: every control, `\n` and `\t` too, shown as `\xHH`. */
export function oneLine(text: string, mark: Mark = asIs): string {
  return text.replace(CONTROLS, (char) => mark(escaped(char)));
}
