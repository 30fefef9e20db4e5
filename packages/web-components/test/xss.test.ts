/**
 * Model output is untrusted: every DOMPurify test payload, every dangerous link scheme in every
 * markdown form, remote images and HTML inside code, rendered whole and streamed in seeded random
 * pieces, in real Chromium. Nothing may run (the `window.__xss` trap), nothing may be fetched from a
 * non-loopback host (the network guard), and no dangerous URL may stay clickable (a scan of every
 * element and attribute through the shadow roots, after every render of a stream).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardNetwork, hasChromium, launchChromium, serveStatic } from './support/browser.js';
import {
  codeDocuments,
  dangerousLinkDocuments,
  inPageSupport,
  linkDocuments,
  randomPieces,
  remoteImageDocuments,
  seededRandom,
  trapPayload,
} from './xss-support.js';

const corpus: { title: string; payload: string }[] = JSON.parse(
  readFileSync(new URL('../../../fixtures/xss/dompurify-payloads.json', import.meta.url), 'utf8'),
);
const payloads = corpus.map((entry) => trapPayload(entry.payload));

interface Checked {
  problems: string[];
  anchors: number;
  placeholders: number;
}

describe.skipIf(!hasChromium)('model output cannot run, load or navigate (Chromium)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    server = await serveStatic();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(): Promise<{ page: Page; offHost: string[] }> {
    const page = await browser.newPage();
    await page.addInitScript(inPageSupport);
    const { offHost } = await guardNetwork(page);
    await page.goto(`${server.url}/test/pages/message.html`);
    // The module the page loaded, for the tests' own calls (a string: vitest rewrites import()).
    await page.evaluate("import('/dist/trialogue.js').then((module) => { window.trialogue = module; })");
    await page.evaluate(() => customElements.whenDefined('trialogue-message'));
    return { page, offHost };
  }

  /** Renders each document in its own `<trialogue-message>`, whole; returns the scan per document. */
  function renderWhole(page: Page, documents: string[]): Promise<Checked[]> {
    return page.evaluate(async (documents) => {
      const main = document.querySelector('main')!;
      const results = [];
      for (const text of documents) {
        const message = document.createElement('trialogue-message');
        message.text = text;
        main.append(message);
        await message.updateComplete;
        const root = message.shadowRoot!;
        results.push({
          problems: window.__scan(root),
          anchors: root.querySelectorAll('a').length,
          placeholders: root.querySelectorAll('.image-placeholder').length,
        });
      }
      return results;
    }, documents);
  }

  /**
   * Streams each document through `createMarkdownStream` in the given pieces, rendering (and
   * scanning) after every piece, then finishes it; returns the problems and the final scan.
   */
  function renderStreamed(page: Page, splits: string[][]): Promise<Checked[]> {
    return page.evaluate(async (splits) => {
      const { createMarkdownStream } = window.trialogue;
      const scan = window.__scan;
      const results = [];
      for (const pieces of splits) {
        const host = document.createElement('div');
        document.body.append(host);
        const root = host.attachShadow({ mode: 'open' });
        const container = document.createElement('div');
        root.append(container);
        const stream = createMarkdownStream(container);
        const problems: string[] = [];
        for (const piece of pieces) {
          stream.append(piece);
          stream.flush();
          problems.push(...scan(root));
        }
        stream.finish();
        problems.push(...scan(root));
        results.push({
          problems,
          anchors: root.querySelectorAll('a').length,
          placeholders: root.querySelectorAll('.image-placeholder').length,
        });
      }
      return results;
    }, splits);
  }

  /** Gives handlers a chance to fire (image errors, focus, hover), then reads the trap. */
  async function trapCalls(page: Page): Promise<string[]> {
    return page.evaluate(async () => {
      const all: Element[] = [];
      const collect = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll('*')) {
          all.push(element);
          if (element.shadowRoot) collect(element.shadowRoot);
        }
      };
      collect(document);
      for (const element of all) {
        for (const type of ['mouseover', 'focus', 'error', 'load', 'animationstart', 'toggle']) {
          element.dispatchEvent(new Event(type));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
      return window.__xssCalls;
    });
  }

  const splitsOf = (documents: string[], seed: number) => {
    const random = seededRandom(seed);
    return documents.map((text) => randomPieces(text, random));
  };

  it('the trap, the scanner and the network guard catch what they are for (controls)', async () => {
    const { page, offHost } = await openPage();
    const problems = await page.evaluate(() => {
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      // Unsafe on purpose: what the renderer must never do.
      root.innerHTML =
        '<img src="https://evil.example/control.png" onerror="__xss(\'control\')"><a href="javascript:__xss(1)">x</a>';
      return window.__scan(document);
    });
    expect(problems).toEqual(
      expect.arrayContaining(['element <img>', 'IMG has onerror', 'a[href=javascript:__xss(1)]']),
    );
    await expect.poll(() => trapCalls(page)).toContain('control');
    expect(offHost).toContain('https://evil.example/control.png');
    await page.close();
  });

  it(`all ${payloads.length} DOMPurify payloads, rendered whole in <trialogue-message>`, async () => {
    const { page, offHost } = await openPage();
    const results = await renderWhole(page, payloads);
    expect(
      results.flatMap((result, i) => result.problems.map((problem) => `${corpus[i]!.title}: ${problem}`)),
    ).toEqual([]);
    expect(await trapCalls(page)).toEqual([]);
    expect(offHost).toEqual([]);
    await page.close();
  });

  it('all DOMPurify payloads, streamed in seeded random pieces (scanned after every render)', async () => {
    const { page, offHost } = await openPage();
    const results = await renderStreamed(page, splitsOf(payloads, 11));
    expect(
      results.flatMap((result, i) => result.problems.map((problem) => `${corpus[i]!.title}: ${problem}`)),
    ).toEqual([]);
    expect(await trapCalls(page)).toEqual([]);
    expect(offHost).toEqual([]);
    await page.close();
  });

  it('the same markdown forms with an https URL do make links (control for the next test)', async () => {
    const documents = linkDocuments('https://example.com/safe');
    const { page, offHost } = await openPage();
    const results = await renderWhole(page, documents);
    expect(results.flatMap((result) => result.problems)).toEqual([]);
    // inline x3, reference x2, autolink, bare URL, and the link in a list, a quote, a table, a heading, bold.
    const linked = results.map((result) => result.anchors > 0);
    expect(linked).toEqual([
      true,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(results[3]!.placeholders).toBe(1);
    expect(offHost).toEqual([]);
    await page.close();
  });

  it('javascript:, data:, vbscript: (and relative) links in every markdown form stay plain text', async () => {
    const documents = dangerousLinkDocuments();
    const { page, offHost } = await openPage();
    for (const results of [
      await renderWhole(page, documents),
      await renderStreamed(page, splitsOf(documents, 7)),
    ]) {
      results.forEach((result, i) => {
        expect(result.problems, documents[i]).toEqual([]);
        expect(result.anchors, documents[i]).toBe(0);
        expect(result.placeholders, documents[i]).toBe(0);
      });
    }
    expect(await trapCalls(page)).toEqual([]);
    expect(offHost).toEqual([]);
    await page.close();
  });

  it('remote images are never fetched without a click; markdown images become a placeholder button', async () => {
    const { page, offHost } = await openPage();
    const whole = await renderWhole(page, remoteImageDocuments);
    const streamed = await renderStreamed(page, splitsOf(remoteImageDocuments, 5));
    for (const results of [whole, streamed]) {
      expect(results.flatMap((result) => result.problems)).toEqual([]);
      // The markdown images (first four documents, and two in the list/table one) are placeholders.
      expect(results.map((result) => result.placeholders)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    }
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await trapCalls(page)).toEqual([]);
    expect(offHost).toEqual([]);
    await page.close();
  });

  it('HTML inside fenced and inline code is shown as its exact text', async () => {
    const cases = payloads.slice(0, 120).flatMap(codeDocuments);
    const { page, offHost } = await openPage();
    const shown = await page.evaluate(
      async (markdowns) => {
        const { renderMarkdown } = window.trialogue;
        return markdowns.map((markdown) => {
          const fragment: DocumentFragment = renderMarkdown(markdown);
          const code = fragment.querySelector('code');
          return { text: code?.textContent ?? null, children: code?.children.length ?? -1 };
        });
      },
      cases.map((entry) => entry.markdown),
    );
    const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();
    shown.forEach((result, i) => {
      expect(result.children, cases[i]!.markdown).toBe(0);
      expect(normalise(result.text ?? ''), cases[i]!.markdown).toBe(normalise(cases[i]!.code));
    });
    const streamed = await renderStreamed(
      page,
      splitsOf(
        cases.map((entry) => entry.markdown),
        3,
      ),
    );
    expect(streamed.flatMap((result) => result.problems)).toEqual([]);
    expect(await trapCalls(page)).toEqual([]);
    expect(offHost).toEqual([]);
    await page.close();
  });

  it('one long answer of every payload and link form, streamed into <trialogue-message> frame by frame', async () => {
    const answer = [...payloads, ...dangerousLinkDocuments(), ...remoteImageDocuments].join('\n\n');
    const pieces = randomPieces(answer, seededRandom(2026), 40);
    const { page, offHost } = await openPage();
    const problems = await page.evaluate(async (pieces) => {
      const message = document.createElement('trialogue-message');
      message.streaming = true;
      document.querySelector('main')!.append(message);
      const scan = window.__scan;
      const found: string[] = [];
      for (let i = 0; i < pieces.length; i++) {
        message.appendText(pieces[i]!);
        if (i % 25 === 0) {
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
          found.push(...scan(message.shadowRoot!));
        }
      }
      message.streaming = false;
      await message.updateComplete;
      found.push(...scan(message.shadowRoot!));
      return { found, links: [...message.shadowRoot!.querySelectorAll('a')].map((a) => a.href) };
    }, pieces);
    expect(problems.found).toEqual([]);
    // Links that stay are the documents' own http(s) links (the scan checked each one's attributes).
    expect(problems.links.length).toBeGreaterThan(0);
    expect(problems.links.filter((href) => !/^https?:\/\//.test(href))).toEqual([]);
    expect(await trapCalls(page)).toEqual([]);
    expect(offHost).toEqual([]);
    await page.close();
  });
});
