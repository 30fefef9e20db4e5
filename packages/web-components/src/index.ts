/**
 * @trialogue/web-components: Lit elements for Trialogue (`<trialogue-chat>`, `<trialogue-debate>`,
 * key manager, model picker, safe markdown). Not built yet: this package is an empty shell that the
 * web-components issue fills.
 * @packageDocumentation
 */

/** The package version, so the shell has a real, testable export. */
export const VERSION = '0.1.0';
