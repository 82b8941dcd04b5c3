/** A broker's reply, as amqplib words it: `404 (NOT-FOUND) with message "NOT_FOUND - no queue 'x'…"`. */
export interface BrokerReply {
  code: number;
  name: string;
  /** The broker's own text, without the `NOT_FOUND - ` prefix. */
  text: string;
}

/** The reply inside an amqplib error message, or undefined when the broker did not send one. */
export function parseBrokerReply(message: string): BrokerReply | undefined {
  const match = /(\d{3}) \(([A-Z-]+)\) with message "(.*)"$/s.exec(message);
  if (match === null) return undefined;
  const [, code, name, text] = match as unknown as [string, string, string, string];
  return { code: Number(code), name: name.replace(/-/g, '_'), text: text.replace(/^[A-Z_]+ - /, '') };
}
