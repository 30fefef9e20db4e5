/** Largest single message accepted, in characters (about 250k tokens). */
export const MAX_MESSAGE_CHARS = 1_000_000;
/** Largest whole conversation accepted, in characters. */
export const MAX_REQUEST_CHARS = 4_000_000;
