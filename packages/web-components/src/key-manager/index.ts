/**
 * `<trialogue-key-manager>`: the user's API keys, kept for this tab or encrypted on this device.
 * Importing this module registers the element.
 * @packageDocumentation
 */
import { TrialogueKeyManager } from './key-manager.js';

export {
  type KeyCheckDetail,
  type KeysChangeDetail,
  type SettingsChangeDetail,
  TrialogueKeyManager,
} from './key-manager.js';
export { defaultProviders, localProviderIds, type ProviderInfo, providerLabel } from './providers.js';
export { type KeyCheckState, type KeyStorageMode, KeyVault, type KeyVaultOptions } from './vault.js';

if (typeof customElements !== 'undefined' && !customElements.get('trialogue-key-manager'))
  customElements.define('trialogue-key-manager', TrialogueKeyManager);
