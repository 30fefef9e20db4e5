// Placeholder: the debate element is being built (issue #11).
export {};
