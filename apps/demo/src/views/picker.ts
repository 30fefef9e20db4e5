/**
 * Choosing models: a searchable checkbox list (samples first; prices, free tier and "key missing"
 * marked), folded into one line so the answers keep the screen.
 */
import { displayName, type ModelChoice } from '../models.js';
import { h } from './dom.js';

export interface Picker {
  element: HTMLElement;
  selected(): string[];
  set(refs: readonly string[]): void;
  /** Re-reads the choices (after a key was saved or forgotten). */
  refresh(): void;
}

export function modelPicker(options: {
  name: string;
  choices: () => ModelChoice[];
  selected: readonly string[];
  max: number;
  onChange?: (refs: string[]) => void;
}): Picker {
  let selected = [...options.selected];
  const summary = h('summary', {});
  const filter = h('input', { type: 'search', placeholder: 'Filter models', 'aria-label': 'Filter models' });
  const list = h('div', { class: 'choices', role: 'group', 'aria-label': options.name });
  const element = h(
    'details',
    { class: 'picker' },
    summary,
    h('div', { class: 'picker-body' }, filter, list),
  );

  function render() {
    summary.textContent = `${options.name}: ${selected.map(displayName).join(', ') || 'none'} (change)`;
    const query = filter.value.trim().toLowerCase();
    list.replaceChildren(
      ...options
        .choices()
        .filter((c) => !query || `${c.label} ${c.ref}`.toLowerCase().includes(query))
        .map((choice) => {
          const box = h('input', { type: 'checkbox', value: choice.ref, name: options.name });
          box.checked = selected.includes(choice.ref);
          box.disabled = !box.checked && selected.length >= options.max;
          box.addEventListener('change', () => {
            selected = box.checked ? [...selected, choice.ref] : selected.filter((r) => r !== choice.ref);
            render();
            options.onChange?.(selected);
          });
          return h(
            'label',
            { class: choice.sample ? 'choice sample' : 'choice' },
            box,
            ` ${choice.label} `,
            h('small', {}, choice.notes.join(' · ')),
          );
        }),
    );
  }
  filter.addEventListener('input', render);
  render();
  return {
    element,
    selected: () => [...selected],
    set(refs) {
      selected = refs.slice(0, options.max);
      render();
    },
    refresh: render,
  };
}
