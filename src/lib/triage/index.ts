/** Traceback triage: paste a traceback or log, get ranked failure ids with the evidence. */
export { triage } from './triage.ts';
export type { ExtraSymptom, TriageMatch, TriageOptions, TriageResult } from './types.ts';
export { CATALOG_MESSAGES, type CatalogMessage } from './patterns.ts';
