/**
 * Screen-reader announcements: one polite and one assertive live region per element. Elements say
 * when a model starts and finishes, never each token; errors go to the assertive region.
 */
import { html } from 'lit';

/** The two live regions, rendered once inside an element's shadow root. */
export function liveRegions(polite: string, assertive: string) {
  return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${polite}</div>
    <div class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">${assertive}</div>`;
}
