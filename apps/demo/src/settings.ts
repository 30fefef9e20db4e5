import type { ProviderSettings } from '@trialogue/core';

/** Settings per provider id, as the registry takes them. */
export type DemoSettings = Record<string, Omit<ProviderSettings, 'apiKey'> & Record<string, unknown>>;

/** Where each provider lives on the fake provider server (`@trialogue/providers/testing`). */
const FAKE_PREFIXES: Record<string, string> = {
  openai: '/openai/v1',
  anthropic: '/anthropic/v1',
  google: '/google/v1beta',
  groq: '/groq/openai/v1',
  openrouter: '/openrouter/v1',
  ollama: '/ollama/v1',
};

/** Only a loopback origin: `?fake=` can never send a key to another machine. */
export function loopbackOrigin(value: string | null): string | undefined {
  if (!value || !/^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/.test(value)) return undefined;
  return value;
}

/**
 * Per-provider settings from the page URL. `?fake=http://127.0.0.1:PORT` points every provider at
 * the fake provider server (`pnpm --filter @trialogue/providers fake-server`), so the site can be
 * tried and tested without real keys or network; any other origin is ignored. `?fast` makes the
 * sample models stream twenty times faster (tests).
 */
export function demoSettings(url: URL): DemoSettings {
  // This page is a browser app by design: the user opts in to calling Anthropic from it.
  const settings: DemoSettings = { anthropic: { dangerouslyAllowBrowser: true } };
  if (url.searchParams.has('fast')) settings.sample = { delayScale: 0.05 };
  const fake = loopbackOrigin(url.searchParams.get('fake'));
  if (!fake) return settings;
  for (const [id, prefix] of Object.entries(FAKE_PREFIXES))
    settings[id] = { ...settings[id], baseURL: `${fake}${prefix}` };
  return settings;
}
