// Tables of the chronology module (issue 3): chronology_entry, chronology_entry_person, voice_entry.
// biome-ignore lint/complexity/noBannedTypes: filled in by the chronology work
export type ChronologyTables = {};
