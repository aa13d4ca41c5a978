/**
 * The error catalog (data/errors.json) compiled once into matchers, plus the one wording the
 * catalog only mentions in a `versions` note. Wrappers (messages that only carry another
 * exception's text) are flagged so triage ranks what they wrap above them.
 */
import catalog from '../data/errors.json' with { type: 'json' };
import { isFailureId, type FailureId } from '../catalog.ts';
import { GROUP_NAMES } from './group-names.ts';
import { compilePattern, looksCatastrophic, type CompiledPattern } from './regex-source.ts';

export interface CatalogMessage {
  id: string;
  family: string;
  failure: string;
  exception: string;
  template: string;
  regex: string;
  source: string;
  versions: string;
  notes: string;
}

export interface Matcher {
  /** errors.json id, or null for patterns that are not catalog entries. */
  messageId: string | null;
  /** Human label for `why` (the catalog id, or a short description). */
  label: string;
  failure: FailureId;
  re: RegExp;
  literal: string | null;
  groupNames: readonly string[];
  /** Carries another exception's text ("Exception encountered: ...", "Original error: ..."). */
  wrapper: boolean;
}

/** Catalog messages whose text embeds the real error they wrap. */
const WRAPPER_IDS = new Set([
  'keras3-could-not-be-deserialized-properly',
  'keras-error-when-deserializing-class',
  'keras3-objects-could-not-be-loaded',
  'saver-restore-failed-missing-key',
  'saver-restore-failed-graph-mismatch',
]);

/**
 * Wordings named only in a catalog entry's `versions` note. Keras 3.0.0/3.0.1 with
 * skip_mismatch warned per object instead of raising keras3-objects-could-not-be-loaded.
 */
const SUPPLEMENTARY: { label: string; failure: FailureId; regex: string; groupNames: string[]; wrapper: boolean }[] = [
  {
    label: 'Keras 3.0 "Could not load weights in object" warning (see keras3-objects-could-not-be-loaded)',
    failure: 'architecture-mismatch',
    regex: 'Could not load weights in object (\\S+)\\. Skipping object\\. Exception encountered: ',
    groupNames: ['object'],
    wrapper: true,
  },
];

export const CATALOG_MESSAGES: readonly CatalogMessage[] = catalog.messages as CatalogMessage[];

let compiled: Matcher[] | null = null;

/** All catalog matchers, compiled on first use and then reused. */
export function catalogMatchers(): readonly Matcher[] {
  if (compiled) return compiled;
  const out: Matcher[] = [];
  for (const m of CATALOG_MESSAGES) {
    const pattern = compilePattern(m.regex);
    // An entry with an unknown failure id or a pattern JavaScript cannot run is skipped, not
    // fatal: the unit tests check that none is.
    if (!pattern || !isFailureId(m.failure)) continue;
    out.push({
      messageId: m.id,
      label: m.id,
      failure: m.failure,
      re: pattern.re,
      literal: pattern.literal,
      groupNames: GROUP_NAMES[m.id] ?? [],
      wrapper: WRAPPER_IDS.has(m.id),
    });
  }
  for (const s of SUPPLEMENTARY) {
    const pattern = compilePattern(s.regex);
    if (!pattern) continue;
    out.push({
      messageId: null,
      label: s.label,
      failure: s.failure,
      re: pattern.re,
      literal: pattern.literal,
      groupNames: s.groupNames,
      wrapper: s.wrapper,
    });
  }
  compiled = out;
  return out;
}

/** Symptom patterns compiled before, by source (the site passes the same ones every time). */
const symptomCache = new Map<string, CompiledPattern | null>();
const SYMPTOM_CACHE_LIMIT = 1000;

/**
 * Matchers for symptom patterns supplied by the caller (guide frontmatter). Invalid patterns,
 * very long ones and ones shaped for exponential backtracking are skipped.
 */
export function symptomMatchers(symptoms: readonly { failure: FailureId; pattern: string; text?: string }[]): Matcher[] {
  const out: Matcher[] = [];
  for (const s of symptoms) {
    if (!isFailureId(s.failure) || s.pattern.length > 2000) continue;
    let pattern = symptomCache.get(s.pattern);
    if (pattern === undefined) {
      pattern = looksCatastrophic(s.pattern) ? null : compilePattern(s.pattern);
      if (symptomCache.size >= SYMPTOM_CACHE_LIMIT) symptomCache.clear();
      symptomCache.set(s.pattern, pattern);
    }
    if (!pattern) continue;
    out.push({
      messageId: null,
      label: s.text ? `guide symptom "${clip(s.text, 80)}"` : `guide symptom /${clip(s.pattern, 80)}/`,
      failure: s.failure,
      re: pattern.re,
      literal: pattern.literal,
      groupNames: [],
      wrapper: false,
    });
  }
  return out;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
