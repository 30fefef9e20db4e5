/** The canary key of every leak test: it must never show up in a message, stack, JSON or event. */
export const CANARY = 'sk-canary-0123456789abcdefCANARY';
