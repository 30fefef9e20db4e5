import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/render/markdown.js';
import { makeStyle } from '../src/render/style.js';
import { displayWidth, stripAnsi } from '../src/render/text.js';

const plain = makeStyle(false);
const colour = makeStyle(true);
const render = (text: string, width = 60, style = plain) => renderMarkdown(text, { width, style }).join('\n');

// Anything but a colour code: what a model must never get to the terminal.
const NON_COLOUR_ESCAPE = /\u001b(?!\[[0-9;]*m)|\u0007|\u009b/;

describe('rendered Markdown on a terminal', () => {
  it('renders headings, emphasis, lists, tables and code blocks, without their Markdown syntax', () => {
    const shown = render(
      '# Plan\n\nUse **two** services and `redis`.\n\n- gateway\n- worker\n\n| Part | Owner |\n| --- | --- |\n| API | ana |\n\n```ts\nconst x = 1;\n```\n',
    );
    expect(shown).toContain('Plan');
    expect(shown).not.toMatch(/^#/m);
    expect(shown).toContain('Use two services and redis.');
    expect(shown).not.toContain('**');
    expect(shown).toMatch(/^\s+\* gateway$/m);
    expect(shown).toMatch(/│ API\s+│ ana\s+│/);
    expect(shown).not.toContain('| --- |');
    // The code block is set apart by a gutter, its language above it, its text unchanged.
    expect(shown).toMatch(/┌ ts\n\s+│ const x = 1;/);
    expect(shown).not.toContain('```');
  });

  it('shows a link with its address and never as a clickable escape sequence', () => {
    const shown = render('See [the docs](https://example.com/docs) and <https://example.org>.', 80, colour);
    expect(stripAnsi(shown)).toContain('the docs (https://example.com/docs)');
    expect(stripAnsi(shown)).toContain('https://example.org');
    expect(shown).not.toContain('\u001b]8');
    expect(render('![a cat](http://tracker.example/cat.png)')).toBe(
      '[image: a cat] (http://tracker.example/cat.png)',
    );
  });

  it('lets no escape sequence from a model through: OSC titles, hyperlinks, cursor moves, 8-bit CSI', () => {
    const hostile = [
      'Title \u001b]0;pwned\u0007 here',
      '\u001b]8;;https://evil.example\u0007click me\u001b]8;;\u0007',
      'clear \u001b[2J\u001b[H screen, \u009b31m red',
      '```\ncode \u001b]52;c;ZXZpbA==\u0007 copy\n```',
      '| a | b |\n| - | - |\n| \u001b[1A up | \u001b]0;x\u0007 |',
      '[x](https://e.example/\u001b]0;t\u0007)',
    ].join('\n\n');
    for (const style of [plain, colour]) {
      const shown = render(hostile, 60, style);
      expect(shown).not.toMatch(NON_COLOUR_ESCAPE);
      expect(shown).toContain('click me');
    }
    // Without colours, not even a colour code.
    expect(render(hostile)).not.toContain('\u001b');
  });

  it('keeps every line within the width: a table too wide becomes records', () => {
    const wide = `| Language | Year | Notes |\n| --- | --- | --- |\n| C | 1972 | ${'a long note '.repeat(6)}|\n`;
    const lines = renderMarkdown(wide, { width: 30, style: colour });
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    expect(stripAnsi(lines.join('\n'))).toMatch(/^C\n\s+Year 1972/m);
  });

  it('renders the eval report: its tables as tables, its headings without #', () => {
    const report = [
      '## Evaluation: society vs compute-matched vote',
      '',
      '| Arm | Accuracy | Cost |',
      '| --- | ---: | ---: |',
      '| society | 50.0% (1/2) | $0.0005 |',
      '',
      'McNemar (exact binomial): no significant difference (p=1).',
    ].join('\n');
    const lines = renderMarkdown(report, { width: 60, style: plain });
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(lines[0]).toBe('Evaluation: society vs compute-matched vote');
    expect(lines.join('\n')).toMatch(/│ society\s+│ 50\.0% \(1\/2\) │/);
    expect(lines.join(' ')).toContain('no significant difference (p=1).');
  });
});
