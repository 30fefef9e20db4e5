import { redact } from '@trialogue/core';
import { displayWidth, pad, wrap } from './text.js';

/** The narrowest the last column may get before a table turns into one record per row. */
const minLastColumn = 16;

/**
 * A plain text table within `width` columns (Infinity off a terminal): columns padded to their
 * widest cell, the last one wrapped under itself when it does not fit. When even that leaves it too
 * little room, each row becomes a record: its first cell on a line, then `HEADER value` fields
 * packed into indented lines. Nothing is cut off (an error message in the last column must stay
 * whole to be of use).
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  width = Number.POSITIVE_INFINITY,
): string {
  // Keys masked before any wrapping: a key broken across lines would no longer be recognised.
  const all = [header, ...rows].map((row) => row.map((cell) => redact(cell)));
  const widths = header.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column] ?? ''))));
  const last = header.length - 1;
  const indent = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  if (indent + widths[last]! <= width) {
    return `${all
      .map((row) =>
        row
          .map((cell, c) => (c === last ? cell : pad(cell, widths[c]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n')}\n`;
  }
  if (indent + minLastColumn <= width) {
    const lines = all.flatMap((row) => {
      const [first = '', ...rest] = wrap(row[last] ?? '', width - indent);
      const lead = row
        .slice(0, last)
        .map((cell, c) => pad(cell, widths[c]!))
        .join('  ');
      return [`${lead}  ${first}`.trimEnd(), ...rest.map((line) => `${' '.repeat(indent)}${line}`)];
    });
    return `${lines.join('\n')}\n`;
  }
  const records = all.slice(1).map((row) => {
    const fields = row
      .slice(1)
      .map((cell, c) => (cell ? `${header[c + 1]} ${cell}` : ''))
      .filter(Boolean);
    const lines = [...wrap(row[0] ?? '', width)];
    let line = '';
    const flush = () => {
      if (line) lines.push(...wrap(line, width - 2).map((part) => `  ${part}`));
      line = '';
    };
    for (const field of fields) {
      if (line && displayWidth(`${line} · ${field}`) + 2 > width) flush();
      line = line ? `${line} · ${field}` : field;
    }
    flush();
    return lines.join('\n');
  });
  return `${records.join('\n')}\n`;
}
