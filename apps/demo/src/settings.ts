import type { ProviderSettings } from '@trialogue/core';

/**
 * Per-provider settings from the page URL. `?fake=http://127.0.0.1:PORT` points every provider at the
 * fake provider server (`pnpm --filter @trialogue/providers fake-server`), so the demo can be tried
 * and tested without real keys or network.
 */
export function demoSettings(
  url: URL,
): Record<string, Omit<ProviderSettings, 'apiKey'> & Record<string, unknown>> {
  // This page is a browser app by design: the user opts in to calling Anthropic from it.
  const browserOptIn = { anthropic: { dangerouslyAllowBrowser: true } };
  const fake = url.searchParams.get('fake');
  if (!fake || !/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(fake)) return browserOptIn;
  const prefixes: Record<string, string> = {
    openai: '/openai/v1',
    anthropic: '/anthropic/v1',
    google: '/google/v1beta',
    groq: '/groq/openai/v1',
    openrouter: '/openrouter/v1',
    ollama: '/ollama/v1',
  };
  const settings: Record<string, Omit<ProviderSettings, 'apiKey'> & Record<string, unknown>> = browserOptIn;
  for (const [id, prefix] of Object.entries(prefixes))
    settings[id] = { ...settings[id], baseURL: `${fake}${prefix}` };
  return settings;
}
