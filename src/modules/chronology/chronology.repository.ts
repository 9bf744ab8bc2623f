// The chronology repository: filled in by the chronology work of issue 3.
export {};
