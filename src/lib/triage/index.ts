/** Traceback triage: paste a traceback or log, get ranked failure ids with the evidence. */
export { triage } from './triage.ts';
export type {
  DecidingLine,
  ExtraSymptom,
  GuideLink,
  TriageAnswer,
  TriageMatch,
  TriageOptions,
  TriageResult,
} from './types.ts';
export { CATALOG_MESSAGES, OTHER_MESSAGES, type CatalogMessage, type OtherMessage } from './patterns.ts';
export { CONFIDENT, WHICH_RESTORE } from './answer.ts';
