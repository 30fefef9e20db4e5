import { PassThrough } from 'node:stream';
import { rememberSecret } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../src/args/parse.js';
import { makeContext } from '../src/context.js';
import { AnswerView } from '../src/render/answer-view.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { applyEvent, newPane, renderPanes } from '../src/render/panes.js';
import { makeStyle } from '../src/render/style.js';
import { table } from '../src/render/table.js';
import { displayWidth, sanitize, truncate, wrap } from '../src/render/text.js';

const style = makeStyle(false);

/** Finished panes with these answers. */
function panes(...texts: string[]) {
  return texts.map((text, index) => {
    const pane = newPane(`m${index}`, `provider:model-${index}`, index);
    applyEvent(pane, { type: 'finish', reason: 'stop', text, timings: { totalMs: 1 } });
    return pane;
  });
}

describe('terminal text', () => {
  it('removes escape sequences and control characters from model output', () => {
    const hostile = 'safe\u001b[2J\u001b]0;pwned\u0007 text\u0008\r\nnext\u009b31m line';
    expect(sanitize(hostile)).toBe('safe text\nnext line');
  });

  it('counts wide characters as two columns and never wraps past the width', () => {
    expect(displayWidth('日本語')).toBe(6);
    const lines = wrap('日本語のテキストはとても長いです and some english words too', 10);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(10);
    expect(lines.join('').replace(/\s/g, '')).toBe('日本語のテキストはとても長いですandsomeenglishwordstoo');
  });
});

describe('panes', () => {
  it('puts two answers side by side when each column gets enough room', () => {
    const lines = renderPanes(panes('left answer', 'right answer'), { width: 80, style });
    expect(lines[0]).toMatch(/provider:model-0\s+│ . provider:model-1/);
    expect(lines[2]).toMatch(/^left answer\s+│ right answer$/);
  });

  it('stacks them when the terminal is narrow', () => {
    const lines = renderPanes(panes('left answer', 'right answer'), { width: 40, style });
    expect(lines.some((line) => line.includes('│'))).toBe(false);
    expect(lines.findIndex((line) => line.includes('model-1'))).toBeGreaterThan(
      lines.findIndex((line) => line.includes('left answer')),
    );
  });

  it('keeps the live view within the screen, showing the latest lines', () => {
    const long = Array.from({ length: 100 }, (_, i) => `line${i}`).join('\n');
    const lines = renderPanes(panes(long, 'short'), { width: 80, height: 10, style });
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toContain('line99');
    const stacked = renderPanes(panes(long, long, long), { width: 40, height: 12, style });
    expect(stacked.length).toBeLessThanOrEqual(12);
  });

  it('shows a failed answer with its partial text and error', () => {
    const pane = newPane('a', 'provider:model', 0);
    applyEvent(pane, { type: 'text-delta', text: 'partial' });
    applyEvent(pane, {
      type: 'error',
      error: Object.assign(new Error('The provider is overloaded.'), { kind: 'overloaded' }) as never,
      text: 'partial',
      timings: { totalMs: 10 },
    });
    const lines = renderPanes([pane], { width: 60, style });
    expect(lines[0]).toContain('✗');
    expect(lines.join('\n')).toContain('partial');
    expect(lines.join('\n')).toContain('The provider is overloaded.');
  });
});

describe('tables', () => {
  const error = 'groq returned HTTP 401: Invalid API Key. Check that the API key is correct and active.';
  const rows = [
    ['openai', 'valid', '3 models'],
    ['groq', 'invalid', error],
  ];
  const words = (text: string) => text.replace(/\s+/g, ' ');

  it('keep each row on one line when they fit, cutting nothing (off a terminal the width is unlimited)', () => {
    const lines = table(['PROVIDER', 'STATUS', 'DETAIL'], rows).trimEnd().split('\n');
    expect(lines).toEqual([
      'PROVIDER  STATUS   DETAIL',
      'openai    valid    3 models',
      `groq      invalid  ${error}`,
    ]);
  });

  it('wrap the last column under itself when the terminal is narrower than the table', () => {
    const lines = table(['PROVIDER', 'STATUS', 'DETAIL'], rows, 50).trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    expect(lines[2]).toMatch(/^groq {6}invalid {2}groq returned/);
    expect(lines.slice(3).every((line) => line.startsWith(' '.repeat(19)))).toBe(true);
    expect(words(lines.slice(2).join(' '))).toContain(words(error).slice(0, 40));
    expect(words(lines.slice(2).join(' '))).toContain('correct and active.');
  });

  it('turn each row into a record when even a wrapped last column would not fit', () => {
    const models = [['groq:llama-3.3-70b-versatile', '131k', '$0.59', '$0.79', 'free tier', 'catalogue']];
    const text = table(['MODEL', 'CONTEXT', 'IN $/M', 'OUT $/M', 'FREE', 'SOURCE'], models, 40);
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(lines[0]).toBe('groq:llama-3.3-70b-versatile');
    for (const field of [
      'CONTEXT 131k',
      'IN $/M $0.59',
      'OUT $/M $0.79',
      'FREE free tier',
      'SOURCE catalogue',
    ])
      expect(lines.slice(1).some((line) => line.startsWith('  ') && line.includes(field))).toBe(true);
  });
});

describe('argument parser', () => {
  const specs = [
    { name: 'model', short: 'm', type: 'list' as const, description: '' },
    { name: 'rounds', type: 'number' as const, description: '' },
    { name: 'yes', short: 'y', type: 'boolean' as const, description: '' },
  ];

  it('reads repeated lists, numbers, booleans, --x=y and -- ', () => {
    expect(
      parseArgs(['q', '-m', 'a:b', '--model=c:d', '--rounds', '3', '-y', '--', '--not-an-option'], specs),
    ).toEqual({
      positionals: ['q', '--not-an-option'],
      options: { model: ['a:b', 'c:d'], rounds: 3, yes: true },
    });
    expect(parseArgs(['--no-color'], specs).options.color).toBe(false);
  });

  it('rejects unknown options, missing values and bad numbers', () => {
    expect(() => parseArgs(['--round', '3'], specs)).toThrow(/Did you mean --rounds\?/);
    expect(() => parseArgs(['-m'], specs)).toThrow(UsageError);
    expect(() => parseArgs(['--rounds', 'three'], specs)).toThrow(/needs a number/);
  });
});

describe('keys split across stream deltas', () => {
  const KEY = 'sk-splitcanary-0123456789abcdefSPLIT';
  rememberSecret(KEY);
  const context = (json: boolean) => {
    let stdout = '';
    const stdin = new PassThrough();
    const io = {
      stdin,
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: () => true },
      env: { NO_COLOR: '1' },
      isTTY: false,
    };
    return { context: makeContext(io, parseArgs(json ? ['--json'] : [], [])), stdout: () => stdout };
  };
  const deltas = ['my key is sk-split', 'canary-0123456789', 'abcdefSPLIT and more'];

  it('are masked when one answer streams straight to a pipe', () => {
    const { context: ctx, stdout } = context(false);
    const view = new AnswerView(ctx, [{ id: 'a', title: 'a' }], { statsFor: () => '' });
    view.start();
    for (const text of deltas) view.push('a', { type: 'text-delta', text });
    view.push('a', { type: 'finish', reason: 'stop', text: deltas.join(''), timings: { totalMs: 1 } });
    view.finish();
    expect(stdout()).toBe('my key is [redacted] and more\n');
  });

  it('are masked in NDJSON deltas, which still add up to the answer', () => {
    const { context: ctx, stdout } = context(true);
    const view = new AnswerView(ctx, [{ id: 'a', title: 'a' }], { statsFor: () => '' });
    for (const text of deltas) view.push('a', { type: 'text-delta', text });
    view.push('a', { type: 'finish', reason: 'stop', text: deltas.join(''), timings: { totalMs: 1 } });
    expect(stdout()).not.toContain('SPLIT');
    const events = stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).event);
    const streamed = events
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.text)
      .join('');
    expect(streamed).toBe('my key is [redacted] and more');
    expect(events.at(-1).type).toBe('finish');
  });

  it('are never shown in part on a terminal pane, nor broken across wrapped lines', () => {
    const pane = newPane('a', 'a', 0);
    applyEvent(pane, { type: 'text-delta', text: 'my key is sk-split' });
    const shown = renderPanes([pane], { width: 30, style }).join('\n');
    expect(shown).toContain('my key is');
    expect(shown).not.toContain('sk-split');
    applyEvent(pane, { type: 'text-delta', text: 'canary-0123456789abcdefSPLIT done' });
    const screen = renderPanes([pane], { width: 20, style }).join('\n');
    expect(screen).toContain('[redacted]');
    expect(screen).not.toMatch(/splitcanary|0123456789|SPLIT/);
  });

  it('are masked before a table, a wrapped note, the eval report or a cut line breaks them up', () => {
    const message = `openai returned HTTP 400: bad key ${KEY} in the request`;
    const tty = makeContext(
      {
        stdin: new PassThrough(),
        stdout: { write: () => true },
        stderr: { write: () => true },
        env: { NO_COLOR: '1' },
        isTTY: true,
        columns: 30,
      },
      parseArgs([], []),
    );
    const shown = [
      table(['PROVIDER', 'STATUS', 'DETAIL'], [['openai', 'invalid', message]], 40),
      table(['PROVIDER', 'STATUS', 'DETAIL'], [['openai', 'invalid', message]], 24),
      renderMarkdown(`| Arm | Note |\n| --- | --- |\n| a | ${message} |\n\n${message}\n`, {
        width: 26,
        style,
      }).join('\n'),
      tty.fit(message),
      truncate(message, 50),
    ];
    for (const text of shown) {
      expect(text).not.toMatch(/splitcanary|0123456789|SPLIT/);
      expect(text).toMatch(/\[redacted\]|…/);
    }
  });
});
