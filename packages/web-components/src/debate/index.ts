/**
 * `<trialogue-debate>`: set up, watch, stop, continue, replay and export debates between models.
 * Importing this module registers the element (and `<trialogue-message>`, which shows each turn).
 * @packageDocumentation
 */
import { TrialogueDebate } from './debate.js';

export {
  type DebateEndDetail,
  type DebateErrorDetail,
  type DebateExportDetail,
  type DebateStartDetail,
  TrialogueDebate,
} from './debate.js';
export { DebateSession, type ExchangeView, type RoundView, type TurnView } from './session.js';
export {
  countOf,
  type DebateSetup,
  debateOptions,
  estimateOptions,
  FORMAT_NAMES,
  participantNames,
  roleOf,
} from './setup.js';

if (typeof customElements !== 'undefined' && !customElements.get('trialogue-debate'))
  customElements.define('trialogue-debate', TrialogueDebate);
