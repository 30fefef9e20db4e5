/**
 * Helpers for the `<trialogue-chat>` browser tests: read a pane's state out of the shadow DOM, wait
 * for a status, and collect everything a key could leak into (DOM with shadow roots, attributes,
 * events, storage).
 */
import type { Page } from 'playwright-core';

/** What a pane shows, read from the page. */
export interface PaneView {
  id: string;
  label: string;
  status: string;
  busy: string | null;
  answers: { text: string; status: string }[];
  error: string;
  stats: string;
}

/** Every pane of the first `<trialogue-chat>` on the page. */
export function panes(page: Page, selector = 'trialogue-chat'): Promise<PaneView[]> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector)?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll<HTMLElement>('.pane')].map((pane) => ({
      id: pane.dataset.pane ?? '',
      label: pane.querySelector('.pane-title')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      status: pane.dataset.status ?? '',
      busy: pane.getAttribute('aria-busy'),
      answers: [...pane.querySelectorAll<HTMLElement>('.turn.assistant')].map((turn) => ({
        text: (
          turn.querySelector('trialogue-message')?.shadowRoot?.querySelector('.body')?.textContent ?? ''
        ).trim(),
        status: turn.dataset.status ?? '',
      })),
      error: pane.querySelector('.error')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      stats: pane.querySelector('.stats')?.textContent?.trim() ?? '',
    }));
  }, selector);
}

/** Waits until `check` holds for the panes (polling the page), or fails with the last view. */
export async function waitForPanes(
  page: Page,
  check: (views: PaneView[]) => boolean,
  { timeoutMs = 15_000, selector = 'trialogue-chat' } = {},
): Promise<PaneView[]> {
  const deadline = Date.now() + timeoutMs;
  let views: PaneView[] = [];
  while (Date.now() < deadline) {
    views = await panes(page, selector);
    if (check(views)) return views;
    await page.waitForTimeout(50);
  }
  throw new Error(`panes never reached the expected state: ${JSON.stringify(views, null, 1)}`);
}

/** Text of the polite and assertive live regions. */
export function liveRegions(
  page: Page,
  selector = 'trialogue-chat',
): Promise<{ polite: string; assertive: string }> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector)?.shadowRoot;
    return {
      polite: root?.querySelector('[aria-live="polite"]')?.textContent?.trim() ?? '',
      assertive: root?.querySelector('[aria-live="assertive"]')?.textContent?.trim() ?? '',
    };
  }, selector);
}

/**
 * Everything on the page a key could have leaked into: the whole DOM with every open shadow root
 * (markup, so attributes too), the input values, the recorded events, both storages and the title.
 */
export function leakSurface(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [document.title, location.href];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        parts.push(element.outerHTML.slice(0, 200_000));
        for (const attribute of element.attributes) parts.push(attribute.value);
        if ('value' in element) parts.push(String((element as HTMLInputElement).value));
        if (element.shadowRoot) {
          parts.push(element.shadowRoot.innerHTML);
          walk(element.shadowRoot);
        }
      }
    };
    walk(document);
    // biome-ignore lint/suspicious/noExplicitAny: the test page's own global.
    parts.push(JSON.stringify((window as any).__events ?? []));
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        parts.push(key, storage.getItem(key) ?? '');
      }
    }
    return parts.join('\n');
  });
}

/** An event the test page recorded (its detail went through JSON). */
export interface RecordedEvent {
  type: string;
  detail: {
    paneId?: string;
    turnId?: string;
    paneIds?: string[];
    status?: string;
    format?: string;
    text?: string;
    error?: { kind: string; message: string };
  };
}

/** The `trialogue-*` events the test page recorded on the element, in order. */
export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
}
