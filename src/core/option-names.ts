/** `maxLength` → `max-length`: how an option's key reads on the command line. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `idleTimeout` → `--idle-timeout`. */
export function optionName(key: string): string {
  return `--${kebab(key)}`;
}
