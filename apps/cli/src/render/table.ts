import { displayWidth, pad, truncate } from './text.js';

/** A plain text table: columns padded to their widest cell, the last column cut to fit `width`. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], width = 200): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column] ?? ''))));
  const lines = all.map((row) => {
    const line = row
      .map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column]!)))
      .join('  ');
    return truncate(line.trimEnd(), width);
  });
  return `${lines.join('\n')}\n`;
}
