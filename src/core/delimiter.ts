/** Reads `--delimiter` text with backslash escapes (\n, \r, \t, \0, \\, \xHH) into bytes. */
export function parseDelimiter(text: string): Buffer {
  const bytes: number[] = [];
  // By code point, not by UTF-16 unit: half an emoji would become U+FFFD.
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char !== '\\' || i === chars.length - 1) {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = chars[++i] as string;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, '0': 0, '\\': 92 };
    const hex = chars.slice(i + 1, i + 3).join('');
    if (simple[next] !== undefined) bytes.push(simple[next]);
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(92, ...Buffer.from(next));
  }
  return Buffer.from(bytes);
}
