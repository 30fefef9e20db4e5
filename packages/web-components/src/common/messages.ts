/**
 * Every user-facing string of every element, in one replaceable map. Each element keeps its defaults
 * in its own `strings.ts`; `setMessages()` overrides any of them (for a translation, or a product's
 * own wording) for every element on the page, and `messages()` is what the elements read.
 *
 * Strings that take values are functions, so a translation can reorder them.
 */
import { chatStrings } from '../chat/strings.js';
import { debateStrings } from '../debate/strings.js';
import { keyManagerStrings } from '../key-manager/strings.js';
import { messageStrings } from '../message/strings.js';
import { modelPickerStrings } from '../model-picker/strings.js';

/** The defaults, grouped by element. */
export const defaultMessages = {
  chat: chatStrings,
  debate: debateStrings,
  keyManager: keyManagerStrings,
  modelPicker: modelPickerStrings,
  message: messageStrings,
};

/** The whole message map. */
export type TrialogueMessages = typeof defaultMessages;

/** A partial override: any group, any string. */
export type TrialogueMessagesOverride = {
  [Group in keyof TrialogueMessages]?: Partial<TrialogueMessages[Group]>;
};

let current: TrialogueMessages = defaultMessages;
const listeners = new Set<() => void>();

/**
 * Replaces strings for every element on the page (they re-render).
 *
 * @example
 * ```ts
 * setMessages({ chat: { send: 'Senden', stopAll: 'Alle stoppen' } });
 * ```
 */
export function setMessages(override: TrialogueMessagesOverride): void {
  const next = { ...current } as Record<string, Record<string, unknown>>;
  for (const [group, strings] of Object.entries(override)) {
    next[group] = { ...next[group], ...strings };
  }
  current = next as TrialogueMessages;
  for (const listener of listeners) listener();
}

/** The strings in force. */
export function messages(): TrialogueMessages {
  return current;
}

/** Calls `listener` whenever `setMessages` changes the map; returns the unsubscribe. */
export function onMessagesChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
