/**
 * What a page holds that a key must never reach, gathered inside the page: every node of the
 * document and of every shadow root (text and attributes, input values apart), Web Storage and
 * IndexedDB contents. Used by the key-manager and debate tests with a canary key.
 */
import type { Page } from 'playwright-core';

/** A canary key: long enough for core's redaction, unlike anything else on the page. */
export const canary = 'sk-canary-KM-7f3a9c21e4b8d06f5a1bCANARY';

export interface PageSecrets {
  /** Every text node and attribute, document and shadow roots, as one string. */
  dom: string;
  /** Values of inputs and textareas, by id (the one place a key may be while typed). */
  inputs: Record<string, string>;
  localStorage: string;
  sessionStorage: string;
  indexedDB: string;
}

/** Collects {@link PageSecrets} from the page. */
export function pageSecrets(page: Page): Promise<PageSecrets> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const inputs: Record<string, string> = {};
    const walk = (root: Node) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          parts.push(node.textContent ?? '');
          continue;
        }
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const element = node as Element;
        for (const attribute of Array.from(element.attributes))
          parts.push(`${attribute.name}=${attribute.value}`);
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
          inputs[element.id || element.name || String(Object.keys(inputs).length)] = element.value;
        }
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document.documentElement);
    const dump = (storage: Storage) =>
      JSON.stringify(
        Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i)!)]),
      );
    const databases: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        databases.push(`${info.name}/${name}:${JSON.stringify(all)}`);
      }
      db.close();
    }
    return {
      dom: parts.join('\n'),
      inputs,
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      indexedDB: databases.join('\n'),
    };
  });
}
