/**
 * Default strings of `<trialogue-message>` and of the markdown renderer it uses (see
 * ../common/messages.ts to replace them). Functions take the values a sentence needs.
 */
export const messageStrings = {
  /** Heading of a message the user wrote, when it has no `label`. */
  user: 'You',
  /** Heading of a model's message, when it has no `label`. */
  assistant: 'Assistant',
  /** Heading of a system prompt, when it has no `label`. */
  system: 'System',
  /** The copy button on a code block. */
  copyCode: 'Copy code',
  /** Said (and shown on the button) once the code is on the clipboard. */
  copied: 'Copied',
  /** Said when the clipboard refused; the code is left selected for a manual copy. */
  copyFailed: 'Could not copy: the code is selected, press Ctrl+C or Cmd+C',
  /** The label over a code block with a language. */
  codeLanguage: (language: string) => language,
  /** The accessible name of a code block. */
  codeBlock: (language: string) => (language ? `${language} code` : 'Code'),
  /** The click-to-load button that stands for a remote image. */
  loadImage: (alt: string, host: string) => `Load image${alt ? ` “${alt}”` : ''} from ${host}`,
  /** Stands for an image from an origin outside the allow-list (never loaded). */
  imageNotAllowed: (alt: string, host: string) =>
    `Image${alt ? ` “${alt}”` : ''} from ${host} not shown (this page does not load images from there)`,
  /** Stands for an image whose address is not http(s) (never loaded). */
  imageUnsupported: (alt: string) => `Image${alt ? ` “${alt}”` : ''} not shown (unsupported address)`,
  /** Read after a link's text. */
  opensInNewTab: '(opens in a new tab)',
  /** A finished task-list item. */
  taskDone: 'done',
  /** An open task-list item. */
  taskOpen: 'not done',
};

/** The strings the markdown renderer reads (a part of the message map's `message` group). */
export type MessageStrings = typeof messageStrings;
