/** Hides the password of any URL in `text`: `amqp://bob:secret@h` → `amqp://bob:***@h`. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s]*@/gi, '$1***@');
}

/** Hides URL passwords and every known secret in `text`, as a last guard before printing. */
export function redact(text: string, secrets: Iterable<string>): string {
  let clean = redactUrl(text);
  for (const secret of secrets) {
    // Very short secrets would blank out ordinary words; they cannot be told apart from them.
    if (secret.length >= 4) clean = clean.split(secret).join('***');
  }
  return clean;
}
