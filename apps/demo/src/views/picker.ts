/**
 * Choosing models: `<trialogue-model-picker>` (searchable; price, context window, free tier and
 * "key missing" marks) over the providers' catalogue plus the sample models, folded into one line
 * so the answers keep the screen.
 */
import type { TrialogueModelPicker } from '@trialogue/web-components/model-picker';
import type { AppContext } from '../app/context.js';
import { demoCatalogue, displayName, SAMPLE_LABEL } from '../models.js';
import { h } from './dom.js';

export interface Picker {
  element: HTMLElement;
  selected(): string[];
  set(refs: readonly string[]): void;
  /** Re-reads which providers have a key (after one was saved or forgotten). */
  refresh(): void;
}

export function modelPicker(options: {
  name: string;
  app: AppContext;
  selected: readonly string[];
  max: number;
  onChange?: (refs: string[]) => void;
}): Picker {
  const picker = document.createElement('trialogue-model-picker') as TrialogueModelPicker;
  picker.dataset.themed = '';
  picker.setAttribute('aria-label', options.name);
  picker.max = options.max;
  picker.catalogue = demoCatalogue;
  // No registry: listing each provider's models would call it on every key change; the catalogue suffices.
  // The sample provider needs no key: the picker knows it (its `keyless` default is `sample`).
  picker.keyless = ['sample'];
  picker.keyStore = options.app.keys;
  picker.selected = [...options.selected];
  const summary = h('summary', {});
  const element = h('details', { class: 'picker', 'data-picker': options.name }, summary, picker);
  const render = () => {
    summary.textContent = `${options.name}: ${picker.selected.map((ref) => displayName(ref).replace(` (${SAMPLE_LABEL})`, ' (sample)')).join(', ') || 'none'} (change)`;
  };
  picker.addEventListener('trialogue-models-change', (event) => {
    render();
    options.onChange?.([...event.detail.models]);
  });
  render();
  return {
    element,
    selected: () => [...picker.selected],
    set(refs) {
      picker.selected = refs.slice(0, options.max);
      render();
    },
    refresh() {
      void picker.refresh();
    },
  };
}
