/**
 * `<trialogue-model-picker>`: choose models from the catalogue and the providers' lists.
 * Importing this module registers the element.
 * @packageDocumentation
 */
import { TrialogueModelPicker } from './model-picker.js';

export { type ModelsChangeDetail, TrialogueModelPicker } from './model-picker.js';
export {
  buildModelOptions,
  filterModelOptions,
  formatPrice,
  formatTokens,
  type ModelOption,
} from './options.js';

if (typeof customElements !== 'undefined' && !customElements.get('trialogue-model-picker'))
  customElements.define('trialogue-model-picker', TrialogueModelPicker);
