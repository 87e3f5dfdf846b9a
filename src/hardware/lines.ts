/**
 * The lines of a tool's text output, each cut to `max` characters before any expression looks at
 * it, and at most `maxLines` of them. Tools write lines of a few hundred characters at most and a few
 * thousand lines (a whole `dmidecode` table); anything beyond is not theirs, and the bounds keep every
 * parser's time linear and small however the input was crafted.
 */
export const MAX_LINES = 50_000;

export function boundedLines(text: string, max = 1000, maxLines = MAX_LINES): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start <= text.length && lines.length < maxLines) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let line = text.slice(start, Math.min(end, start + max));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** "Label: value" → [label, value], split at the first colon (no expression, so no backtracking). */
export function labelled(line: string): [string, string] | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const label = line.slice(0, colon).trim();
  return label ? [label, line.slice(colon + 1).trim()] : null;
}
