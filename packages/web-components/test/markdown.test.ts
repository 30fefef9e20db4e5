/**
 * The markdown module in Chromium: what GFM renders to, links and images as the safety rules say,
 * the copy button, and the incremental renderer (kept blocks, a bounded tail, one render a frame,
 * the same final DOM as a whole render).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, hasChromium, launchChromium, serveStatic } from './support/browser.js';
import { inPageSupport, randomPieces, seededRandom } from './xss-support.js';

/** A mixed answer, as models write them: every block kind, inline marks, links, a table, code. */
export function mixedAnswer(sections: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sections; i++) {
    parts.push(
      `## Part ${i}`,
      `Some **bold** and _emphasis_, ~~struck~~, \`code ${i}\` and a [link](https://example.com/${i}).\nA second line of the same paragraph.`,
      `- first item\n- second item with *stars*\n  - nested item\n- third`,
      `1. one\n2. two\n3. three`,
      `| name | value |\n|:-----|------:|\n| a${i} | ${i} |\n| b | ${i * 2} |`,
      '```ts\nconst value = ' + i + ';\nconsole.log("<b>" + value);\n```',
      `> quoted ${i}\n> still quoted`,
      `---`,
    );
  }
  return parts.join('\n\n') + '\n';
}

describe.skipIf(!hasChromium)('markdown rendering (Chromium)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let page: Page;
  let offHost: string[];

  beforeAll(async () => {
    server = await serveStatic();
    browser = await launchChromium();
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    await page.addInitScript(inPageSupport);
    ({ offHost } = await guardNetwork(page));
    await page.goto(`${server.url}/test/pages/message.html`);
    await page.evaluate("import('/dist/trialogue.js').then((module) => { window.trialogue = module; })");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const render = (markdown: string, options = {}) =>
    page.evaluate(
      ([markdown, options]) => {
        const host = document.createElement('div');
        host.className = 'markdown';
        host.append(window.trialogue.renderMarkdown(markdown as string, options as object));
        return host.innerHTML;
      },
      [markdown, options] as const,
    );

  it('renders GFM: headings, emphasis, strikethrough, lists, tables, quotes, task lists', async () => {
    const html = await render(
      '# Title\n\n**bold** _em_ ~~gone~~ `a<b>`\n\n- a\n- b\n\n3. three\n4. four\n\n| l | r |\n|:--|--:|\n| 1 | 2 |\n\n> quote\n\n- [x] done\n- [ ] open',
    );
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain('<strong>bold</strong> <em>em</em> <del>gone</del> <code>a&lt;b&gt;</code>');
    expect(html).toMatch(/<ul>\s*<li>a<\/li>\s*<li>b<\/li>\s*<\/ul>/);
    expect(html).toContain('<ol start="3">');
    expect(html).toContain('<th align="left">l</th>');
    expect(html).toContain('<td align="right">2</td>');
    expect(html).toMatch(/<blockquote>\s*<p>quote<\/p>\s*<\/blockquote>/);
    expect(html).toContain('<span class="task" role="img" aria-label="done">☑</span>');
    expect(html).toContain('<span class="task" role="img" aria-label="not done">☐</span>');
  });

  it('shows raw HTML from the model as text', async () => {
    const html = await render('Hello <b onclick="x()">there</b>\n\n<div>\n<script>x()</script>\n</div>');
    expect(html).toContain('Hello &lt;b onclick="x()"&gt;there&lt;/b&gt;');
    expect(html).toContain('<p class="raw">&lt;div&gt;\n&lt;script&gt;x()&lt;/script&gt;\n&lt;/div&gt;</p>');
  });

  it('makes http(s) and mailto links open in a new tab without referrer, with their host shown', async () => {
    const html = await render(
      '[docs](https://docs.example.com/a?b=1&amp;c=2 "The docs") <mailto:me@example.com> https://plain.example.com/x',
    );
    expect(html).toContain(
      '<a href="https://docs.example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank" part="link" title="The docs">docs<span class="link-host">(docs.example.com)</span><span class="visually-hidden"> (opens in a new tab)</span></a>',
    );
    // mailto shows no host; a bare URL already shows it.
    expect(html).toContain(
      '<a href="mailto:me@example.com" rel="noopener noreferrer nofollow" target="_blank" part="link">mailto:me@example.com<span',
    );
    expect(html).toContain('part="link">https://plain.example.com/x<span class="visually-hidden">');
  });

  it('puts code in a monospace block, as text, with a copy button that copies it exactly', async () => {
    const code = 'const html = "<img src=x onerror=alert(1)>";\n\tindented();';
    const result = await page.evaluate(
      async (markdown) => {
        const main = document.querySelector('main')!;
        const host = document.createElement('div');
        host.className = 'markdown';
        host.append(window.trialogue.renderMarkdown(markdown));
        main.append(host);
        const block = host.querySelector('.code-block')!;
        const button = block.querySelector('button')!;
        const label = button.textContent;
        button.click();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const copied = await navigator.clipboard.readText();
        const status = block.querySelector('[role="status"]')!.textContent;
        const font = getComputedStyle(block.querySelector('code')!).fontFamily;
        host.remove();
        return {
          label,
          copied,
          status,
          language: block.querySelector('.code-language')?.textContent,
          font,
          name: block.getAttribute('aria-label'),
          text: block.querySelector('code')!.textContent,
        };
      },
      '```js\n' + code + '\n```',
    );
    expect(result).toMatchObject({
      label: 'Copy code',
      copied: code,
      status: 'Copied',
      language: 'js',
      name: 'js code',
      text: code,
    });
  });

  it('loads a remote image only when its placeholder is activated from the keyboard, and only from allowed origins', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const image = `${server.url}/test/pages/no-such-image.png`;
    const outcome = await page.evaluate(
      async ([image]) => {
        const main = document.querySelector('main')!;
        const host = document.createElement('div');
        host.className = 'markdown';
        host.append(window.trialogue.renderMarkdown(`![a chart](${image} "Chart")`));
        host.append(
          window.trialogue.renderMarkdown('![elsewhere](https://elsewhere.example/x.png)', {
            imageOrigins: [new URL(image!).origin],
          }),
        );
        main.append(host);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const button = host.querySelector('button')!;
        return {
          label: button.textContent,
          blocked: host.querySelector('.image-blocked')?.textContent,
          buttons: host.querySelectorAll('button').length,
        };
      },
      [image],
    );
    expect(outcome.label).toBe(`Load image “a chart” from ${new URL(image).host}`);
    expect(outcome.buttons).toBe(1);
    expect(outcome.blocked).toBe(
      'Image “elsewhere” from elsewhere.example not shown (this page does not load images from there)',
    );
    expect(requests).not.toContain(image);
    await page.focus('main .markdown button.image-placeholder');
    await page.keyboard.press('Enter');
    await expect.poll(() => requests).toContain(image);
    const img = await page.evaluate(() => {
      const img = document.querySelector('main .markdown img') as HTMLImageElement;
      return {
        alt: img.alt,
        title: img.title,
        referrer: img.referrerPolicy,
        focused: document.activeElement === img,
        srcset: img.hasAttribute('srcset'),
      };
    });
    expect(img).toEqual({
      alt: 'a chart',
      title: 'Chart',
      referrer: 'no-referrer',
      focused: true,
      srcset: false,
    });
    expect(offHost).toEqual([]);
    await page.evaluate(() => document.querySelector('main .markdown')!.remove());
  });

  it('puts the placeholder of an image inside a link right after the link (no button inside a link)', async () => {
    const html = await render('[![logo](https://img.example.com/logo.png)](https://example.com/home) after');
    expect(html).toMatch(
      /^<p><a href="https:\/\/example.com\/home"[^>]*><span class="link-host">\(example.com\)<\/span><span class="visually-hidden"> \(opens in a new tab\)<\/span><\/a><button class="image-placeholder" type="button" part="image-placeholder">Load image “logo” from img.example.com<\/button> after<\/p>/,
    );
  });

  it('streamed in seeded random pieces, ends with exactly the DOM of a whole render, keeping the settled blocks', async () => {
    const documents = [
      mixedAnswer(3),
      'A paragraph\nthat continues\n\n- item\n- item\n\nfoo\n---\n\nbar\n===\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nunclosed fence',
      '* a\n\n* loose\n\n  continued\n\n> quote\nlazy line\n\n    indented code\n\n1) x\n2) y\n\ntext\r\nwith\rcarriage returns\r\n',
      '[later][ref] is defined below.\n\nMiddle.\n\n[ref]: https://example.com/ref\n',
      Array.from(
        { length: 60 },
        (_, i) => `- item **${i}**${i % 7 === 3 ? '\n  - nested\n  - nested' : ''}`,
      ).join('\n') +
        '\n\n1. one\n2. two\n3. three\n4. four\n5. five\n\n* a\n* b\n* c\n+ d\n+ e\n+ f\n\n- x\n- y\n\n- loose\n- z\n\nafter\n',
      '[constructor]: https://example.com/c\n\n[__proto__]: https://example.com/p\n\nsee [a][constructor] and [b][__proto__]\n',
    ];
    for (const [index, text] of documents.entries()) {
      for (const seed of [1, 2, 3]) {
        const pieces = randomPieces(text, seededRandom(seed * 100 + index), 9);
        const result = await page.evaluate(
          ([pieces, text]) => {
            const { createMarkdownStream, renderMarkdown } = window.trialogue;
            const container = document.createElement('div');
            const infos: { committedBlocks: number; tailNodes: number; lexedChars: number }[] = [];
            const stream = createMarkdownStream(container, { onRender: (info) => infos.push(info) });
            for (const piece of pieces as string[]) {
              stream.append(piece);
              stream.flush();
            }
            stream.finish();
            const whole = document.createElement('div');
            whole.append(renderMarkdown(text as string));
            return {
              streamed: container.innerHTML,
              whole: whole.innerHTML,
              finish: infos.at(-1)!,
              text: stream.text,
            };
          },
          [pieces, text] as const,
        );
        expect(result.streamed, `document ${index}, seed ${seed}`).toBe(result.whole);
        expect(result.text).toBe(text.replace(/\r\n?/g, '\n'));
        // finish() re-rendered only the open tail, except where a reference is defined after its use.
        if (index < 3)
          expect(result.finish.committedBlocks, `document ${index}, seed ${seed}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('a delta costs the same at the end of a long answer as at its start (nodes re-created, characters lexed)', async () => {
    const answer = mixedAnswer(60);
    const pieces = randomPieces(answer, seededRandom(42), 8);
    const result = await page.evaluate((pieces) => {
      const container = document.createElement('div');
      document.body.append(container);
      const lexed: number[] = [];
      const stream = window.trialogue.createMarkdownStream(container, {
        onRender: (info) => lexed.push(info.lexedChars),
      });
      let added = 0;
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            added += 1 + (node instanceof Element ? node.querySelectorAll('*').length : 0);
          }
        }
      });
      observer.observe(container, { childList: true, subtree: true });
      const perDelta: number[] = [];
      for (const piece of pieces) {
        stream.append(piece);
        stream.flush();
        observer.takeRecords().forEach((record) => {
          for (const node of record.addedNodes)
            added += 1 + (node instanceof Element ? node.querySelectorAll('*').length : 0);
        });
        perDelta.push(added);
        added = 0;
      }
      observer.disconnect();
      stream.finish();
      container.remove();
      return { perDelta, lexed, nodes: container.querySelectorAll('*').length };
    }, pieces);
    const tenth = Math.floor(pieces.length / 10);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const first = mean(result.perDelta.slice(0, tenth));
    const last = mean(result.perDelta.slice(-tenth));
    // The answer grows to thousands of nodes; a delta keeps re-creating only the tail's few.
    expect(result.nodes).toBeGreaterThan(2000);
    expect(last).toBeLessThan(first * 1.5 + 2);
    expect(Math.max(...result.perDelta)).toBeLessThan(60);
    // Each render lexes only the tail (the last value is finish(), which checks the whole text once).
    expect(result.lexed.at(-1)).toBe(answer.length);
    expect(Math.max(...result.lexed.slice(0, -1))).toBeLessThan(300);
  });

  it('random documents of every block kind, streamed in random pieces, end as the whole render', async () => {
    const fragments = [
      '- a\n- b\n- c',
      '* one\n* two\n+ other list',
      '1. x\n2. y\n3. z',
      '7) seven\n8) eight',
      '- outer\n  - inner\n  - inner 2\n- outer 2',
      '- loose\n\n- list',
      '- [x] done\n- [ ] open',
      'para with **bold** and `code`\nand a lazy line',
      'Setext\n===',
      'Setext two\n---',
      '---',
      '# Heading',
      '### Deep heading',
      '> quote\n> more',
      '| a | b |\n|---|:-:|\n| 1 | 2 |',
      '```\nfenced\n```',
      '    indented code',
      '<div>raw</div>',
      '[link](https://example.com) and <https://auto.example>',
      '![img](https://img.example.com/x.png)',
    ];
    const random = seededRandom(77);
    const documents = Array.from({ length: 150 }, () =>
      Array.from(
        { length: 3 + Math.floor(random() * 8) },
        () => fragments[Math.floor(random() * fragments.length)]!,
      ).join(random() < 0.7 ? '\n\n' : '\n'),
    );
    const splits = documents.map((text) => randomPieces(text, random, 6));
    const results = await page.evaluate(
      ([documents, splits]) =>
        documents.map((text, i) => {
          const { createMarkdownStream, renderMarkdown } = window.trialogue;
          const container = document.createElement('div');
          const stream = createMarkdownStream(container);
          for (const piece of splits[i]!) {
            stream.append(piece);
            stream.flush();
          }
          stream.finish();
          const whole = document.createElement('div');
          whole.append(renderMarkdown(text));
          return container.innerHTML === whole.innerHTML
            ? ''
            : `${JSON.stringify(text)}\n${container.innerHTML}\n---\n${whole.innerHTML}`;
        }),
      [documents, splits] as const,
    );
    expect(results.filter(Boolean)).toEqual([]);
  });

  it('a long list streams item by item: finished items are kept, one list element on the page', async () => {
    const list = Array.from(
      { length: 400 },
      (_, i) => `${i + 1}. item **${i}** with [a link](https://example.com/${i})`,
    ).join('\n');
    const pieces = randomPieces(`${list}\n\nThe end.\n`, seededRandom(9), 8);
    const result = await page.evaluate((pieces) => {
      const container = document.createElement('div');
      const lexed: number[] = [];
      const stream = window.trialogue.createMarkdownStream(container, {
        onRender: (info) => lexed.push(info.lexedChars),
      });
      let lists = 0;
      for (const piece of pieces) {
        stream.append(piece);
        stream.flush();
        lists = Math.max(lists, container.querySelectorAll('ol').length);
      }
      const itemsBefore = container.querySelectorAll('li').length;
      const kept = container.querySelector('li');
      stream.finish();
      return {
        lexed: lexed.slice(0, -1),
        lists,
        itemsBefore,
        items: container.querySelectorAll('li').length,
        same: container.querySelector('li') === kept,
        ol: container.querySelectorAll('ol').length,
      };
    }, pieces);
    expect(Math.max(...result.lexed)).toBeLessThan(200);
    expect(result.lists).toBe(1);
    expect(result).toMatchObject({ itemsBefore: 400, items: 400, ol: 1, same: true });
  });

  it('cannot be stalled or broken by pathological input: it shows it as text, quickly', async () => {
    const cases = {
      emphasis: '*a'.repeat(25_000),
      brackets: '['.repeat(50_000),
      quotes: `${'> '.repeat(5_000)}x`,
      lists: Array.from({ length: 300 }, (_, depth) => `${'  '.repeat(depth)}- item ${depth}`).join('\n'),
      dense: 'Some **bold**, _em_, `snake_case`, ~~old~~ and [a link](https://example.com). '.repeat(50),
    };
    type Outcome = { ms: number; text: string; strong: number; streamedMs: number };
    const results: Record<keyof typeof cases, Outcome> = await page.evaluate((cases) => {
      const { renderMarkdown, createMarkdownStream } = window.trialogue;
      const out: Record<string, { ms: number; text: string; strong: number; streamedMs: number }> = {};
      for (const [name, text] of Object.entries(cases)) {
        const started = performance.now();
        const host = document.createElement('div');
        host.append(renderMarkdown(text));
        const ms = performance.now() - started;
        const container = document.createElement('div');
        const stream = createMarkdownStream(container);
        const streamStarted = performance.now();
        for (let at = 0; at < text.length; at += 500) {
          stream.append(text.slice(at, at + 500));
          stream.flush();
        }
        stream.finish();
        out[name] = {
          ms,
          text: host.textContent!,
          strong: host.querySelectorAll('strong').length,
          streamedMs: performance.now() - streamStarted,
        };
      }
      return out as Record<keyof typeof cases, Outcome>;
    }, cases);
    for (const name of ['emphasis', 'brackets'] as const) {
      expect(results[name].text.trim(), name).toBe(cases[name]);
      expect(results[name].ms, name).toBeLessThan(500);
      expect(results[name].streamedMs, name).toBeLessThan(5_000);
    }
    for (const name of ['quotes', 'lists'] as const) {
      expect(results[name].text.trim(), name).toBe(cases[name]);
      expect(results[name].ms, name).toBeLessThan(500);
      expect(results[name].streamedMs, name).toBeLessThan(5_000);
    }
    // Real prose as dense as that is still formatted.
    expect(results.dense.strong).toBe(50);
  });

  it('renders at most once per animation frame however many deltas arrive', async () => {
    const renders = await page.evaluate(async () => {
      const container = document.createElement('div');
      let renders = 0;
      const stream = window.trialogue.createMarkdownStream(container, { onRender: () => renders++ });
      for (let i = 0; i < 500; i++) stream.append(`word${i} `);
      const before = renders;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const after = renders;
      return { before, after, text: container.textContent!.slice(0, 20) };
    });
    expect(renders).toEqual({ before: 0, after: 1, text: 'word0 word1 word2 wo' });
  });

  it('setText follows a growing text, starts over on a different one, and finish() can be followed by more text', async () => {
    const html = await page.evaluate(() => {
      const container = document.createElement('div');
      const stream = window.trialogue.createMarkdownStream(container);
      stream.setText('Hello');
      stream.setText('Hello **world**');
      stream.finish();
      const first = container.innerHTML;
      stream.append(' again\n\n- item');
      stream.finish();
      const continued = container.innerHTML;
      stream.setText('Other');
      stream.finish();
      return { first, continued, other: container.innerHTML };
    });
    expect(html.first).toBe('<p>Hello <strong>world</strong></p>\n');
    expect(html.continued).toBe('<p>Hello <strong>world</strong> again</p>\n<ul>\n<li>item</li>\n</ul>\n');
    expect(html.other).toBe('<p>Other</p>\n');
  });
});
