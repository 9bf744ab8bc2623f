// The relationships schema: filled in by the relationships work of issue 3.
export {};
