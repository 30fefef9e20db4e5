// Placeholder: the chat element is being built (issue #11).
export {};
