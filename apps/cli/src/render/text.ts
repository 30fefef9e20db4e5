/**
 * Terminal text: model output is untrusted, so escape sequences and control characters are removed
 * before it reaches the screen; widths count wide (CJK, emoji) characters as two columns.
 */

import { redact } from '@trialogue/core';

// CSI/OSC/other escape sequences, then remaining C0/C1 controls except newline and tab.
const escapes =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes terminal escape sequences and control characters; tabs become spaces, CRLF becomes LF. */
export function sanitize(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(escapes, '').replace(controls, '').replace(/\t/g, '  ');
}

const ansi = /\u001b\[[0-9;]*m/g;

/** Removes the colour codes this CLI adds (to measure or test). */
export function stripAnsi(text: string): string {
  return text.replace(ansi, '');
}

/** Columns one code point takes: 0 for combining marks, 2 for wide characters, else 1. */
export function charWidth(codePoint: number): number {
  if (
    codePoint === 0x200d ||
    (codePoint >= 0x300 && codePoint <= 0x36f) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f)
  ) {
    return 0;
  }
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Display width of text without colour codes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char.codePointAt(0)!);
  return width;
}

/**
 * Cuts plain text to at most `width` columns. Keys are masked first: the start of a cut-off key
 * would no longer be recognised as one (and would show part of it).
 */
export function truncate(original: string, width: number): string {
  const text = redact(original);
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Pads text (which may hold colour codes) with spaces to exactly `width` columns. */
export function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Wraps plain text to `width` columns: at spaces when it can, hard-breaking long words. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  const max = Math.max(1, width);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.match(/\S+\s*|\s+/g) ?? []) {
      const wordWidth = displayWidth(word.trimEnd());
      if (lineWidth + wordWidth <= max) {
        line += word;
        lineWidth += displayWidth(word);
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
      // A word longer than the line is broken across lines.
      for (const char of word) {
        const w = charWidth(char.codePointAt(0)!);
        if (lineWidth + w > max) {
          if (char === ' ') continue;
          lines.push(line.trimEnd());
          line = '';
          lineWidth = 0;
        }
        line += char;
        lineWidth += w;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * Holds streamed text back to whole words. A key has no spaces, so a key split across deltas is
 * still whole when it is written (and masked by `redact`); the delay is one word.
 */
export class WordBuffer {
  private pending = '';

  /** Adds a delta; returns the text up to its last white space (possibly empty). */
  push(text: string): string {
    this.pending += text;
    const cut = lastSpace(this.pending);
    if (cut < 0) return '';
    const ready = this.pending.slice(0, cut + 1);
    this.pending = this.pending.slice(cut + 1);
    return ready;
  }

  /** Whatever is held back (at the end of the stream). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }
}

/** One {@link WordBuffer} per stream (a model's text, a debate turn's reasoning...). */
export class WordBuffers {
  private readonly buffers = new Map<string, WordBuffer>();

  push(stream: string, text: string): string {
    let buffer = this.buffers.get(stream);
    if (!buffer) {
      buffer = new WordBuffer();
      this.buffers.set(stream, buffer);
    }
    return buffer.push(text);
  }

  flush(stream: string): string {
    const rest = this.buffers.get(stream)?.flush() ?? '';
    this.buffers.delete(stream);
    return rest;
  }
}

/** The text up to its last white space: what is safe to show of a stream still running. */
export function completeWords(text: string): string {
  return text.slice(0, lastSpace(text) + 1);
}

function lastSpace(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (/\s/.test(text[i]!)) return i;
  return -1;
}
