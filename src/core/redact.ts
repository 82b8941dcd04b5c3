/**
 * What comes before a URL's userinfo: a scheme with `://`, or the broken forms people type
 * (`amqp:`, `amqp:/`, `amqp//`) for the schemes mqcli reads.
 */
const PREFIX = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:amqps?|https?)(?::\/{0,3}|\/\/))/i;

/**
 * Hides the password in one URL-like value, whether or not it parses: whatever sits between the
 * first `:` of its userinfo and the last `@` becomes `***`. The user name stays; it is no secret.
 * `amqp:bob:pw@h` → `amqp:bob:***@h`, `bob:pw@h` → `bob:***@h`.
 */
export function redactUrlInput(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const prefix = PREFIX.exec(text)?.[0] ?? '';
  let colon = text.indexOf(':', prefix.length);
  // `amqp:pw@h` reads as user `amqp` as well as scheme `amqp:`; hide more rather than less.
  if ((colon < 0 || colon > at) && prefix.endsWith(':')) colon = prefix.length - 1;
  if (colon < 0 || colon > at) return text;
  return `${text.slice(0, colon + 1)}***${text.slice(at)}`;
}

/**
 * Hides URL passwords in free text: each word that starts like a URL and holds an `@`. A bare
 * `user:pw@host` is left to the code that echoes it, so a queue named `a:b@c` reads as it is.
 */
export function redactUrl(text: string): string {
  return text.replace(/[^\s'"`()<>[\]]*@[^\s'"`()<>[\]]*/g, (word) => (PREFIX.test(word) ? redactUrlInput(word) : word));
}

/**
 * Hides values given to a password or passphrase field, as config files, environment dumps and
 * parser messages quote them: `password: x`, `"password": "x"`, `MQ_PASSWORD=x`, `tls.passphrase=x`.
 * `passwordEnv` and `passwordCommand` name where a password is, not the password, and stay.
 */
const FIELD = /((?:password|passphrase)["']?[ \t]*[:=][ \t]*)("(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[^\s,;}\]]+)/gi;

export function redactFields(text: string): string {
  return text.replace(FIELD, '$1***');
}

/** The last guard before anything reaches stderr: URL passwords and password fields hidden. */
export function redact(text: string): string {
  return redactFields(redactUrl(text));
}
