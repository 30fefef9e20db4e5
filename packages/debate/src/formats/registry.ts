import { TrialogueError } from '@trialogue/core';
import { adversarial } from './adversarial.js';
import { conversation } from './conversation.js';
import { council } from './council.js';
import { moa } from './moa.js';
import { roundtable } from './roundtable.js';
import { society } from './society.js';
import type { DebateFormat, FormatName } from './types.js';
import { voteFormat } from './vote.js';

/** The built-in formats by name. */
export const formats: Readonly<Record<FormatName, DebateFormat>> = {
  roundtable,
  society,
  council,
  moa,
  adversarial,
  conversation,
  vote: voteFormat,
};

/** A format by name, or a custom format object checked for shape. */
export function resolveFormat(format: FormatName | DebateFormat): DebateFormat {
  if (typeof format === 'string') {
    const found = (formats as Record<string, DebateFormat>)[format];
    if (found) return found;
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'unknown-format',
      message: `Unknown debate format "${format}". Built in: ${Object.keys(formats).join(', ')}; or pass a DebateFormat object.`,
    });
  }
  if (
    !format ||
    typeof format !== 'object' ||
    typeof format.name !== 'string' ||
    typeof format.run !== 'function' ||
    typeof format.plan !== 'function' ||
    !(format.minParticipants >= 1)
  ) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'invalid-format',
      message: 'A custom format needs a name, minParticipants (>= 1), plan() and run().',
    });
  }
  return format;
}
