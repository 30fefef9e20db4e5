// Placeholder: the markdown element is being built (issue #11).
export {};
