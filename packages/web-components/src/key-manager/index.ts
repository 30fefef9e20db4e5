// Placeholder: the key-manager element is being built (issue #11).
export {};
