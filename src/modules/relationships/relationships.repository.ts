// The relationships repository: filled in by the relationships work of issue 3.
export {};
