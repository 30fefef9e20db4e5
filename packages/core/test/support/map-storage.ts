import type { KeyValueStorage } from '@trialogue/core';

/** A Web Storage stand-in over a Map: one per simulated tab (the browser one is covered by happy-dom and Chromium tests). */
export function mapStorage(): KeyValueStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, String(value)),
    removeItem: (name) => void items.delete(name),
  };
}
