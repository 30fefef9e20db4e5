// Placeholder: the model-picker element is being built (issue #11).
export {};
