/**
 * `<trialogue-key-manager>`: the user's API keys, one field per provider.
 *
 * A password field per provider (paste, show/hide), a check against the provider's key endpoint
 * (never a paid call), where to get a key, which providers have free tiers, and the address of local
 * servers (Ollama, LM Studio). Keys are kept for this tab only by default (core's
 * `browserSessionKeyStore`: ciphertext in `sessionStorage`, its AES key a non-extractable
 * `CryptoKey` in IndexedDB), or on this device encrypted with a passphrase (core's
 * `encryptedKeyStore`) when the user chooses it. Forget one, forget all.
 *
 * The key never leaves the element except into the key store: the field is emptied once saved, no
 * part of the key is shown afterwards, and no attribute, event or log carries it. Give other
 * elements `keyManager.keyStore` (and `keyManager.settings` for base URLs).
 *
 * @example
 * ```html fragment
 * <trialogue-key-manager></trialogue-key-manager>
 * <script type="module">
 *   const keys = document.querySelector('trialogue-key-manager');
 *   chat.keyStore = keys.keyStore;
 * </script>
 * ```
 *
 * @property providers - The providers listed (`ProviderInfo[]`; default {@link defaultProviders}).
 * @property baseURLs - Base URL per provider id (a proxy, a local server's address). Set before first render.
 * @property iterations - PBKDF2 iterations of the encrypted store (default 600 000).
 * @property keyStore - (read only) the key store to give a chat, a picker or a registry.
 * @property settings - (read only) provider settings (base URLs) for `createRegistry({ keys, settings })`.
 * @attr theme - `light` or `dark` (default: the system's).
 *
 * @fires trialogue-keys-change - A key was saved or forgotten, or the storage changed: `{ provider?, action, storage, providers }` (ids only).
 * @fires trialogue-key-check - A check ended: `{ provider, ok, models?, error? }` (the error's kind and message, never the key).
 * @fires trialogue-settings-change - A local server's address changed: `{ provider, baseURL }`.
 *
 * @csspart provider - Each provider's row.
 * @csspart input - The key and address fields.
 * @csspart status - Each provider's status line.
 * @csspart storage - The storage choice.
 * @csspart error - A failure of the key store itself (no IndexedDB; no WebCrypto on a plain http:// page), shown above the rows.
 *
 * @cssprop --trialogue-color-background, --trialogue-color-surface, --trialogue-color-text,
 *   --trialogue-color-accent, --trialogue-color-danger, --trialogue-color-success, --trialogue-radius,
 *   --trialogue-space, --trialogue-font-family - see the package README's theming table.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { liveRegions } from '../common/announcer.js';
import { messages, onMessagesChange } from '../common/messages.js';
import { statusStyles, themeStyles } from '../common/theme.js';
import { defaultProviders, type ProviderInfo } from './providers.js';
import { type KeyCheckState, type KeyStorageMode, KeyVault } from './vault.js';

/** Detail of `trialogue-keys-change`: provider ids only, never a key. */
export interface KeysChangeDetail {
  provider?: string;
  action: 'saved' | 'forgotten' | 'forgot-all' | 'storage';
  storage: KeyStorageMode;
  /** Provider ids that have a key now. */
  providers: string[];
}

/** Detail of `trialogue-key-check`. */
export interface KeyCheckDetail {
  provider: string;
  ok: boolean;
  models?: number;
  error?: { kind: string; message: string; status?: number };
}

/** Detail of `trialogue-settings-change`. */
export interface SettingsChangeDetail {
  provider: string;
  baseURL?: string;
}

/** The key manager element. */
export class TrialogueKeyManager extends LitElement {
  static override properties = {
    providers: { attribute: false },
    baseURLs: { attribute: false },
    iterations: { type: Number },
    theme: { reflect: true },
    revealed: { state: true },
    notice: { state: true },
    alert: { state: true },
    errors: { state: true },
  };

  declare providers: readonly ProviderInfo[];
  declare baseURLs: Record<string, string>;
  declare iterations: number | undefined;
  declare theme: string | undefined;
  declare private revealed: Set<string>;
  declare private notice: string;
  declare private alert: string;
  /** Per provider: a problem found before any call (empty field, bad shape, wrong passphrase). */
  declare private errors: Record<string, string>;

  private vault: KeyVault | undefined;
  private unsubscribe: (() => void)[] = [];

  constructor() {
    super();
    this.providers = defaultProviders;
    this.baseURLs = {};
    this.revealed = new Set();
    this.notice = '';
    this.alert = '';
    this.errors = {};
  }

  /** The key store to hand to other elements and registries; it follows the user's storage choice. */
  get keyStore() {
    return this.ensureVault().keyStore;
  }

  /** Provider settings (base URLs) for `createRegistry({ keys, settings })`. */
  get settings(): Record<string, { baseURL: string }> {
    const vault = this.ensureVault();
    return Object.fromEntries(Object.entries(vault.baseURLs).map(([id, baseURL]) => [id, { baseURL }]));
  }

  private ensureVault(): KeyVault {
    this.vault ??= new KeyVault({
      baseURLs: this.baseURLs,
      ...(this.iterations ? { iterations: this.iterations } : {}),
    });
    return this.vault;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const vault = this.ensureVault();
    this.unsubscribe.push(
      vault.subscribe(() => this.requestUpdate()),
      onMessagesChange(() => this.requestUpdate()),
    );
    void vault.refresh().catch((error) => this.fail('', error));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('baseURLs') && this.vault) Object.assign(this.vault.baseURLs, this.baseURLs);
  }

  private emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private emitKeys(action: KeysChangeDetail['action'], provider?: string): void {
    const vault = this.ensureVault();
    this.emit<KeysChangeDetail>('trialogue-keys-change', {
      ...(provider ? { provider } : {}),
      action,
      storage: vault.mode,
      providers: [...vault.saved],
    });
  }

  private fail(provider: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // A failure of no one provider (the store cannot open: no IndexedDB, or a plain http:// page
    // without WebCrypto) is shown above the rows too, not only announced.
    this.errors = { ...this.errors, [provider]: message };
    this.alert = message;
  }

  private clearError(provider: string): void {
    if (!(provider in this.errors)) return;
    const { [provider]: _gone, ...rest } = this.errors;
    this.errors = rest;
  }

  private input(provider: string): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#key-${provider}`);
  }

  private async save(info: ProviderInfo): Promise<void> {
    const t = messages().keyManager;
    this.alert = ''; // so the next failure is announced even when it says the same
    const field = this.input(info.id);
    if (!field) return;
    if (!field.value) {
      this.fail(info.id, new Error(t.emptyKey));
      field.focus();
      return;
    }
    try {
      await this.ensureVault().save(info.id, field.value);
    } catch (error) {
      this.fail(info.id, error);
      return;
    } finally {
      // The field is emptied whatever happened: a key never lingers in the page.
      field.value = '';
      field.type = 'password';
      this.revealed.delete(info.id);
    }
    this.clearError(info.id);
    this.notice = t.saved(info.label);
    this.emitKeys('saved', info.id);
    await this.check(info);
  }

  private submitKey(event: Event, info: ProviderInfo): void {
    event.preventDefault();
    void this.save(info);
  }

  private async check(info: ProviderInfo): Promise<void> {
    const t = messages().keyManager;
    this.alert = '';
    this.clearError(info.id);
    const result = await this.ensureVault().check(info.id);
    if (result.state === 'valid') {
      this.notice = t.checkedOk(info.label);
      this.emit<KeyCheckDetail>('trialogue-key-check', {
        provider: info.id,
        ok: true,
        ...(result.models ? { models: result.models } : {}),
      });
    } else if (result.state === 'invalid') {
      this.alert = t.checkedBad(info.label, result.message);
      this.emit<KeyCheckDetail>('trialogue-key-check', {
        provider: info.id,
        ok: false,
        error: {
          kind: result.kind,
          message: result.message,
          ...(result.status ? { status: result.status } : {}),
        },
      });
    }
  }

  private async forget(info: ProviderInfo): Promise<void> {
    await this.ensureVault().forget(info.id);
    this.clearError(info.id);
    this.notice = messages().keyManager.forgotten(info.label);
    this.emitKeys('forgotten', info.id);
  }

  private async forgetAll(): Promise<void> {
    await this.ensureVault().forgetAll();
    this.errors = {};
    this.notice = messages().keyManager.forgotAll;
    this.emitKeys('forgot-all');
  }

  private async paste(info: ProviderInfo): Promise<void> {
    const field = this.input(info.id);
    try {
      const text = await navigator.clipboard.readText();
      if (field) field.value = text.trim();
      this.clearError(info.id);
    } catch {
      this.fail(info.id, new Error(messages().keyManager.pasteFailed));
    }
    field?.focus();
  }

  private toggleReveal(info: ProviderInfo): void {
    const next = new Set(this.revealed);
    if (next.has(info.id)) next.delete(info.id);
    else next.add(info.id);
    this.revealed = next;
  }

  private async chooseStorage(mode: KeyStorageMode): Promise<void> {
    const vault = this.ensureVault();
    if (mode === vault.mode) return;
    if (mode === 'session') await vault.keepForTab();
    else await vault.keepOnDevice();
    this.emitKeys('storage');
  }

  private async unlock(event: Event): Promise<void> {
    event.preventDefault();
    const field = this.renderRoot.querySelector<HTMLInputElement>('#passphrase');
    if (!field?.value) return;
    try {
      await this.ensureVault().unlock(field.value);
      this.errors = { ...this.errors, passphrase: '' };
      this.notice = messages().keyManager.unlocked;
      this.emitKeys('storage');
    } catch (error) {
      this.fail('passphrase', error);
    } finally {
      field.value = '';
    }
  }

  private setBaseURL(info: ProviderInfo, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.ensureVault().setBaseURL(info.id, value);
    this.notice = messages().keyManager.baseUrlSaved(info.label);
    this.emit<SettingsChangeDetail>('trialogue-settings-change', {
      provider: info.id,
      ...(value.trim() ? { baseURL: value.trim() } : {}),
    });
  }

  override render() {
    const t = messages().keyManager;
    const vault = this.ensureVault();
    const locked = vault.mode === 'encrypted' && !vault.unlocked;
    return html`
      <section aria-labelledby="title">
        <h2 id="title">${t.title}</h2>
        <p class="muted">${t.intro}</p>
        ${this.errors[''] ? html`<p class="error" part="error">${this.errors['']}</p>` : nothing}
        ${this.renderStorage(vault, locked)}
        <ul class="providers">
          ${this.providers.map((info) => this.renderProvider(info, vault, locked))}
        </ul>
        <button type="button" class="danger" @click=${() => this.forgetAll()}>${t.forgetAll}</button>
      </section>
      ${liveRegions(this.notice, this.alert)}
    `;
  }

  private renderStorage(vault: KeyVault, locked: boolean) {
    const t = messages().keyManager;
    const error = this.errors.passphrase;
    return html`<fieldset part="storage" class="storage">
      <legend>${t.storageLegend}</legend>
      <label
        ><input
          type="radio"
          name="storage"
          value="session"
          .checked=${vault.mode === 'session'}
          @change=${() => this.chooseStorage('session')}
        />
        ${t.storageSession}</label
      >
      <label
        ><input
          type="radio"
          name="storage"
          value="encrypted"
          .checked=${vault.mode === 'encrypted'}
          @change=${() => this.chooseStorage('encrypted')}
        />
        ${t.storageEncrypted}</label
      >
      ${
        vault.mode === 'encrypted'
          ? vault.unlocked
            ? html`<p class="ok">${t.unlocked}
              <button type="button" @click=${() => vault.lock()}>${t.lock}</button></p>`
            : html`<form class="unlock" @submit=${(e: Event) => this.unlock(e)}>
              <label for="passphrase">${t.passphrase}</label>
              <input
                id="passphrase"
                part="input"
                type="password"
                autocomplete="off"
                aria-describedby="passphrase-hint"
                aria-invalid=${error ? 'true' : 'false'}
              />
              <button type="submit" class="primary">${t.unlock}</button>
              <p id="passphrase-hint" class=${error ? 'error' : 'muted'}>${error || (locked ? t.locked : t.passphraseHint)}</p>
            </form>`
          : nothing
      }
    </fieldset>`;
  }

  private renderProvider(info: ProviderInfo, vault: KeyVault, locked: boolean) {
    const t = messages().keyManager;
    const has = vault.saved.includes(info.id);
    const check = vault.checks.get(info.id);
    const error = this.errors[info.id];
    const status = statusText(info, has, vault.mode, locked, check);
    const statusClass =
      error || check?.state === 'invalid' ? 'error' : check?.state === 'valid' ? 'ok' : 'muted';
    return html`<li part="provider" class="provider">
      <div class="head">
        <span class="name">${info.label}</span>
        ${info.freeTier ? html`<span class="badge free" title=${info.freeTier}>${info.local ? t.local : t.free}</span>` : nothing}
        ${
          info.keyUrl
            ? html`<a href=${info.keyUrl} target="_blank" rel="noopener noreferrer"
              >${t.getKey}<span class="visually-hidden"> ${t.getKeyFor(info.label)}</span></a
            >`
            : nothing
        }
      </div>
      ${info.freeTier ? html`<p class="muted note">${info.freeTier}</p>` : nothing}
      ${info.local ? this.renderLocal(info, vault) : this.renderKeyField(info, has, locked, error)}
      <p part="status" class="status ${statusClass}" id="status-${info.id}">${error || status}</p>
    </li>`;
  }

  private renderKeyField(info: ProviderInfo, has: boolean, locked: boolean, error: string | undefined) {
    const t = messages().keyManager;
    const shown = this.revealed.has(info.id);
    return html`<form class="row" @submit=${(e: Event) => this.submitKey(e, info)}>
      <label class="visually-hidden" for="key-${info.id}">${t.keyLabel(info.label)}</label>
      <input
        id="key-${info.id}"
        part="input"
        type=${shown ? 'text' : 'password'}
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        placeholder=${t.keyLabel(info.label)}
        aria-describedby="status-${info.id}"
        aria-invalid=${error ? 'true' : 'false'}
        ?disabled=${locked}
      />
      <button
        type="button"
        aria-pressed=${shown ? 'true' : 'false'}
        aria-label=${t.showKey(info.label)}
        ?disabled=${locked}
        @click=${() => this.toggleReveal(info)}
      >
        ${shown ? t.hide : t.show}
      </button>
      <button type="button" aria-label=${t.pasteKey(info.label)} ?disabled=${locked} @click=${() => this.paste(info)}>
        ${t.paste}
      </button>
      <button type="submit" class="primary" aria-label=${t.saveKey(info.label)} ?disabled=${locked}>${t.save}</button>
      <button type="button" aria-label=${t.checkKey(info.label)} ?disabled=${!has || locked} @click=${() => this.check(info)}>
        ${t.check}
      </button>
      <button type="button" aria-label=${t.forgetKey(info.label)} ?disabled=${!has} @click=${() => this.forget(info)}>
        ${t.forget}
      </button>
    </form>`;
  }

  private renderLocal(info: ProviderInfo, vault: KeyVault) {
    const t = messages().keyManager;
    return html`<div class="row">
      <label class="visually-hidden" for="url-${info.id}">${t.baseUrlLabel(info.label)}</label>
      <input
        id="url-${info.id}"
        part="input"
        type="url"
        inputmode="url"
        spellcheck="false"
        placeholder=${info.defaultBaseURL ?? ''}
        .value=${vault.baseURLs[info.id] ?? ''}
        aria-describedby="status-${info.id}"
        @change=${(e: Event) => this.setBaseURL(info, e)}
      />
      <button type="button" aria-label=${t.checkServer(info.label)} @click=${() => this.check(info)}>${t.check}</button>
    </div>`;
  }

  /** The element's styles: the shared theme tokens, then its own (themed through CSS custom properties and `::part`). */
  static override styles = [
    themeStyles,
    statusStyles,
    css`
      :host {
        display: block;
        background: var(--_bg);
        padding: calc(var(--_space) * 2);
        border-radius: var(--_radius);
      }
      h2 {
        margin: 0 0 var(--_space);
        font-size: 1.2em;
      }
      fieldset {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        margin: 0 0 calc(var(--_space) * 2);
        padding: var(--_space) calc(var(--_space) * 1.5);
        display: grid;
        gap: calc(var(--_space) / 2);
      }
      .unlock {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        align-items: center;
      }
      .unlock p {
        flex-basis: 100%;
        margin: 0;
      }
      .providers {
        list-style: none;
        margin: 0 0 calc(var(--_space) * 2);
        padding: 0;
        display: grid;
        gap: var(--_space);
      }
      .provider {
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: var(--_space) calc(var(--_space) * 1.5);
      }
      .head {
        display: flex;
        gap: var(--_space);
        align-items: baseline;
        flex-wrap: wrap;
      }
      .name {
        font-weight: 600;
      }
      .head a {
        margin-left: auto;
        color: var(--_accent);
      }
      .badge {
        font-size: 0.8em;
        border-radius: 999px;
        padding: 0 var(--_space);
        border: 1px solid var(--_success);
        color: var(--_success);
      }
      .note {
        margin: 2px 0 0;
        font-size: 0.9em;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: calc(var(--_space) / 2);
        margin-top: var(--_space);
      }
      input[type='password'],
      input[type='text'],
      input[type='url'] {
        flex: 1 1 14em;
        min-width: 0;
        font: inherit;
        color: var(--_text);
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) - 2px);
        padding: calc(var(--_space) / 2) var(--_space);
      }
      .status {
        margin: calc(var(--_space) / 2) 0 0;
        font-size: 0.9em;
      }
      button.danger {
        border-color: var(--_danger);
        color: var(--_danger);
      }
    `,
  ];
}

function statusText(
  info: ProviderInfo,
  has: boolean,
  mode: KeyStorageMode,
  locked: boolean,
  check: KeyCheckState | undefined,
): string {
  const t = messages().keyManager;
  if (check?.state === 'checking') return t.statusChecking;
  if (check?.state === 'valid')
    return info.local ? t.statusServerUp(check.models) : t.statusValid(check.models);
  if (check?.state === 'invalid') return t.statusInvalid(check.message);
  if (info.local) return info.defaultBaseURL ?? '';
  if (!has) return t.statusNone;
  if (locked) return t.statusLocked;
  return mode === 'session' ? t.statusSavedSession : t.statusSavedDevice;
}

declare global {
  interface HTMLElementTagNameMap {
    'trialogue-key-manager': TrialogueKeyManager;
  }
  interface HTMLElementEventMap {
    'trialogue-keys-change': CustomEvent<KeysChangeDetail>;
    'trialogue-key-check': CustomEvent<KeyCheckDetail>;
    'trialogue-settings-change': CustomEvent<SettingsChangeDetail>;
  }
}
