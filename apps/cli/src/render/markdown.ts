/**
 * Model answers as rendered Markdown on a terminal (headings, emphasis, lists, tables, code blocks
 * set apart, links with their URL), through `marked` and `marked-terminal`. Model text is untrusted:
 * escape sequences and control characters are removed before parsing, links are never made
 * clickable (no OSC 8), images are shown as their address (never fetched), raw HTML stays text,
 * and whatever the renderer writes is filtered to colour codes only.
 */
import { redact } from '@trialogue/core';
import { Marked, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import type { Style } from './style.js';
import { table as layoutTable } from './table.js';
import { displayWidth, sanitize, stripAnsi, wrap } from './text.js';

/** Options of {@link renderMarkdown}. */
export interface MarkdownRenderOptions {
  /** Columns the text may use. */
  width: number;
  /** Colours and emphasis (off: the structure only, no escape codes at all). */
  style: Style;
}

// Anything that is not a colour (SGR) code: cursor moves, OSC titles and links, device queries.
const nonColourEscapes =
  /\u001b\[(?![0-9;]*m)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/g;

const renderers = new Map<string, Marked>();

function rendererFor(width: number, style: Style): Marked {
  const key = `${width}:${style.enabled}`;
  let marked = renderers.get(key);
  if (marked) return marked;
  const paint = (fn: (text: string) => string) => (text: string) => fn(text);
  const plain = (text: string) => text;
  marked = new Marked();
  marked.use(
    markedTerminal({
      width,
      reflowText: true,
      tab: 2,
      emoji: false,
      showSectionPrefix: false,
      code: paint(style.yellow),
      codespan: paint(style.yellow),
      blockquote: paint(style.dim),
      html: plain,
      heading: paint((text) => style.bold(style.green(text))),
      firstHeading: paint((text) => style.bold(style.cyan(text))),
      strong: paint(style.bold),
      em: paint(style.dim),
      del: paint(style.dim),
      link: paint(style.cyan),
      href: paint(style.cyan),
      hr: plain,
      listitem: plain,
      table: plain,
      paragraph: plain,
      // cli-table3 colours its borders and headers unless told not to.
      tableOptions: { style: { head: style.enabled ? ['bold'] : [], border: [] } },
    }) as Parameters<Marked['use']>[0],
  );
  marked.use({
    renderer: {
      // A link is its text and its address, never a clickable escape sequence.
      link(token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        const href = token.href;
        const shown = stripAnsi(text).trim();
        // The parenthesis inside the colour: a reflow then keeps it with the address.
        return shown && shown !== href ? `${text} ${style.cyan(`(${href})`)}` : style.cyan(href);
      },
      // A code block set apart by a gutter, its lines kept as written (never reflowed).
      code(token: Tokens.Code) {
        const label = token.lang ? `  ${style.dim(`┌ ${token.lang}`)}\n` : '';
        const lines = token.text.split('\n').map((line) => `  ${style.dim('│')} ${style.yellow(line)}`);
        return `${label}${lines.join('\n')}\n\n`;
      },
      // A table too wide for the terminal: laid out by the CLI's own table (wrapped, or as records).
      table(token: Tokens.Table) {
        const cells = (row: Tokens.TableCell[]) =>
          row.map((cell) => stripAnsi(this.parser.parseInline(cell.tokens)).trim());
        const header = cells(token.header);
        const rows = token.rows.map(cells);
        const natural = header.reduce(
          (sum, _, column) =>
            sum + 3 + Math.max(...[header, ...rows].map((row) => displayWidth(row[column] ?? ''))),
          1,
        );
        if (natural <= width) return false;
        return `${layoutTable(header, rows, width)}\n`;
      },
      // An image is not fetched: its description and address only.
      image(token: Tokens.Image) {
        return `[image: ${token.text || 'no description'}] (${style.cyan(token.href)})`;
      },
    },
  });
  renderers.set(key, marked);
  return marked;
}

/**
 * Renders Markdown for a terminal of `width` columns; returns the lines (no line wider than
 * `width`: a table too wide for it is shown as its plain text, wrapped).
 */
export function renderMarkdown(text: string, options: MarkdownRenderOptions): string[] {
  const width = Math.max(10, options.width);
  // Untrusted: escapes out first; a key is masked before any layout could split it.
  const source = redact(sanitize(text));
  let rendered: string;
  try {
    rendered = rendererFor(width, options.style).parse(source, { async: false }) as string;
  } catch {
    return wrap(source, width);
  }
  rendered = rendered.replace(nonColourEscapes, '').replace(/\n+$/, '');
  if (!options.style.enabled) rendered = stripAnsi(rendered);
  const lines: string[] = [];
  for (const line of rendered.split('\n')) {
    // A colour that runs on past the line's end (a wrapped link) would paint the next column too.
    if (displayWidth(line) <= width)
      lines.push(/\u001b\[/.test(line) ? `${line.trimEnd()}\u001b[0m` : line.trimEnd());
    else lines.push(...wrap(stripAnsi(line), width));
  }
  // Blank lines between blocks stay; runs of them collapse to one.
  return lines.filter((line, i) => line !== '' || (i > 0 && lines[i - 1] !== ''));
}

/** Whether final answers are rendered: a terminal, not `--json`, not `--raw`. */
export function markdownEnabled(context: {
  io: { isTTY: boolean };
  json: boolean;
  args: { options: Record<string, unknown> };
}): boolean {
  return context.io.isTTY && !context.json && context.args.options.raw !== true;
}
