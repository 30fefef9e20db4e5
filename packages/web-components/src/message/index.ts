// Placeholder: the message element is being built (issue #11).
export {};
