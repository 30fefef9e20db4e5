/**
 * What the key manager and the model picker show about each provider: its name, where to get a
 * key, whether it has a free tier, and whether it runs on this machine (no key, a base URL instead).
 * Plain data: a page may pass its own list.
 */

/** One provider as the key manager lists it. */
export interface ProviderInfo {
  /** The provider id of `@trialogue/providers` (`openai`, `ollama`...). */
  id: string;
  /** The name shown. */
  label: string;
  /** The provider's page where a user creates a key (opened in a new tab). */
  keyUrl?: string;
  /** A short note when the provider can be used without paying (with rate limits). */
  freeTier?: string;
  /** A server on this machine: no key, a base URL field instead. */
  local?: boolean;
  /** The base URL used when the user gives none (local servers). */
  defaultBaseURL?: string;
}

/** The providers listed by default, cloud first, then local servers. */
export const defaultProviders: readonly ProviderInfo[] = [
  { id: 'openai', label: 'OpenAI', keyUrl: 'https://platform.openai.com/api-keys' },
  { id: 'anthropic', label: 'Anthropic', keyUrl: 'https://console.anthropic.com/settings/keys' },
  {
    id: 'google',
    label: 'Google Gemini',
    keyUrl: 'https://aistudio.google.com/apikey',
    freeTier: 'Free tier with rate limits',
  },
  {
    id: 'groq',
    label: 'Groq',
    keyUrl: 'https://console.groq.com/keys',
    freeTier: 'Free tier with rate limits',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    keyUrl: 'https://openrouter.ai/settings/keys',
    freeTier: 'Free models (ids ending in :free)',
  },
  {
    id: 'mistral',
    label: 'Mistral',
    keyUrl: 'https://console.mistral.ai/api-keys',
    freeTier: 'Free Experiment plan',
  },
  { id: 'deepseek', label: 'DeepSeek', keyUrl: 'https://platform.deepseek.com/api_keys' },
  { id: 'xai', label: 'xAI', keyUrl: 'https://console.x.ai' },
  {
    id: 'ollama',
    label: 'Ollama',
    local: true,
    defaultBaseURL: 'http://127.0.0.1:11434/v1',
    freeTier: 'Runs on this machine',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    local: true,
    defaultBaseURL: 'http://127.0.0.1:1234/v1',
    freeTier: 'Runs on this machine',
  },
];

/** Ids of the providers that need no key (servers on this machine). */
export const localProviderIds: ReadonlySet<string> = new Set(
  defaultProviders.filter((p) => p.local).map((p) => p.id),
);

/** The label of a provider id (the id itself when unknown). */
export function providerLabel(id: string, providers: readonly ProviderInfo[] = defaultProviders): string {
  return providers.find((p) => p.id === id)?.label ?? id;
}
