// @vitest-environment happy-dom
/**
 * The URL rules and the block lexing behind the renderer, without a browser (fast). The DOM output
 * itself is tested in Chromium (markdown.test.ts, xss.test.ts): happy-dom's parser is not faithful
 * enough to test a sanitizer with.
 */
import { describe, expect, it } from 'vitest';
import { lexBlocks } from '../src/markdown/render.js';
import { isAllowedImageOrigin, safeImageUrl, safeLinkUrl } from '../src/markdown/urls.js';

describe('safeLinkUrl', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['HTTP://Example.COM', 'http://example.com/'],
    ['  https://example.com/x  ', 'https://example.com/x'],
    ['https://example.com/?a=1&amp;b=2', 'https://example.com/?a=1&b=2'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['https&colon;//example.com/&#x61;&#98;', 'https://example.com/ab'],
    ['https://example.com/&unknown;', 'https://example.com/&unknown;'],
  ])('keeps %j as %j', (href, expected) => {
    expect(safeLinkUrl(href)?.href).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java&#x09;script:alert(1)',
    'java&Tab;script:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    '&#0000106avascript:alert(1)',
    'javascript&colon;alert(1)',
    'javascript&#58;alert(1)',
    'javascript&#x3A;alert(1)',
    '&#x0;javascript:alert(1)',
    'jav&#65;script:alert(1)',
    '&#x6a&#x61vascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://example.com/uuid',
    '//evil.example/x',
    '/relative',
    '#fragment',
    '',
    null,
    undefined,
  ])('refuses %j', (href) => {
    expect(safeLinkUrl(href)).toBeUndefined();
  });

  it('reads autolinks literally (no entity decoding) when asked', () => {
    expect(safeLinkUrl('https://example.com/?a&amp;b', false)?.search).toBe('?a&amp;b');
    expect(safeLinkUrl('https://example.com/?a&amp;b')?.search).toBe('?a&b');
  });
});

describe('images', () => {
  it('may only ever load http(s), and only from allowed origins when a list is given', () => {
    expect(safeImageUrl('https://img.example.com/a.png')?.host).toBe('img.example.com');
    expect(safeImageUrl('mailto:a@b.c')).toBeUndefined();
    expect(safeImageUrl('data:image/svg+xml,<svg onload=alert(1)>')).toBeUndefined();
    const url = safeImageUrl('https://img.example.com/a.png')!;
    expect(isAllowedImageOrigin(url, undefined)).toBe(true);
    expect(isAllowedImageOrigin(url, ['https://img.example.com'])).toBe(true);
    expect(isAllowedImageOrigin(url, ['https://other.example.com', 'not a url'])).toBe(false);
    expect(isAllowedImageOrigin(url, ['http://img.example.com'])).toBe(false);
  });
});

describe('lexBlocks', () => {
  it('splits text into top-level blocks whose raw sources add up to the text (what streaming relies on)', () => {
    const text =
      '# T\n\npara\nline\n\n- a\n- b\n\n| a |\n|---|\n| 1 |\n\n```js\ncode\n```\n\n> q\n\n[r]: https://x.example\n';
    const blocks = lexBlocks(text);
    expect(blocks.map((block) => block.raw).join('')).toBe(text);
    expect(blocks.filter((block) => block.type !== 'space').map((block) => block.type)).toEqual([
      'heading',
      'paragraph',
      'list',
      'table',
      'code',
      'blockquote',
      'def',
    ]);
  });

  it('resolves references with definitions seen earlier in the stream', () => {
    const [paragraph] = lexBlocks('see [docs][d]', { d: { href: 'https://docs.example', title: '' } });
    expect(JSON.stringify(paragraph)).toContain('"href":"https://docs.example"');
  });
});
