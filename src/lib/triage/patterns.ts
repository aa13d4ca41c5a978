/**
 * The error catalog (data/errors.json) and the known messages outside it (data/other-errors.json)
 * compiled once into matchers, plus the one wording the catalog only mentions in a `versions`
 * note. Every pattern matches case-insensitively (wording and capitalisation drift across
 * releases: TF 1.x logged "could not create cudnn handle", later "Could not create ...").
 *
 * Each matcher also carries its template's fixed words, squashed to letters and digits, for the
 * partial match in fuzzy.ts: a message wrapped mid-word by a terminal, cut off, or quoted in a
 * sentence still shows most of them in order.
 */
import catalog from '../data/errors.json' with { type: 'json' };
import others from '../data/other-errors.json' with { type: 'json' };
import { isFailureId, type FailureId } from '../catalog.ts';
import { GROUP_NAMES } from './group-names.ts';
import { compilePattern, looksCatastrophic, pythonToJsSource, requiredLiteral, type CompiledPattern } from './regex-source.ts';

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

/** A known message whose cause is outside the twelve failures (same schema, `failure: "none"`). */
export interface OtherMessage extends CatalogMessage {
  /** The cause in a few words, shown instead of a failure. */
  cause: string;
}

export interface Matcher {
  /** errors.json / other-errors.json id, or null for patterns that are not catalog entries. */
  messageId: string | null;
  /** Human label for `why` (the catalog id, or a short description). */
  label: string;
  /** The failure, or null for a known message outside the catalog (other-errors.json). */
  failure: FailureId | null;
  re: RegExp;
  /** Lower-cased text every match starts with, or null. */
  literal: string | null;
  /**
   * Lower-cased texts of which every match contains one (when it does not start with text), or
   * null: then the pattern runs on every segment.
   */
  needle: readonly string[] | null;
  groupNames: readonly string[];
  /** Carries another exception's text ("Exception encountered: ...", "Original error: ..."). */
  wrapper: boolean;
  /**
   * Says something went wrong without saying why (an info line, a warning that is the
   * consequence of several causes): it can point at a failure but never make it certain.
   */
  weak: boolean;
  /** Squashed fixed words of the template, one list per wording (see squash()). */
  pieces: readonly (readonly string[])[];
  /** The cause of an other-errors.json entry. */
  cause: string | null;
}

/** Catalog messages whose text embeds the real error they wrap. */
export const WRAPPER_IDS: ReadonlySet<string> = new Set([
  'keras3-could-not-be-deserialized-properly',
  'keras-error-when-deserializing-class',
  'keras3-objects-could-not-be-loaded',
  'saver-restore-failed-missing-key',
  'saver-restore-failed-graph-mismatch',
]);

/**
 * Messages that report a consequence, not a cause: the optimizer state not loaded (a custom
 * loss, another Keras version, a bug), a download starting (the log of a stalled fetch), an
 * optimizer variable count (the model's own variables loaded fine), dtypes that disagree inside
 * a saved function (a bug as often as a mismatch).
 */
export const WEAK_IDS: ReadonlySet<string> = new Set([
  'keras-optimizer-state-not-loaded',
  // Raised while reviving a tf.keras SavedModel whose call function was traced with two dtypes
  // (mixed precision); its own catalog entry cites keras-team/keras#17362, a Keras bug.
  'tfkeras-no-common-supertype',
  'keras3-optimizer-variable-count-skip',
  'hub-downloading-module',
  'tfkeras-savedmodel-pre-2.5-warning',
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
export const OTHER_MESSAGES: readonly OtherMessage[] = others.messages as OtherMessage[];

let compiled: Matcher[] | null = null;

/** All catalog and other-message matchers, compiled on first use and then reused. */
export function catalogMatchers(): readonly Matcher[] {
  if (compiled) return compiled;
  const out: Matcher[] = [];
  for (const m of CATALOG_MESSAGES) {
    const pattern = compileInsensitive(m.regex, m.id);
    // An entry with an unknown failure id or a pattern JavaScript cannot run is skipped, not
    // fatal: the unit tests check that none is.
    if (!pattern || !isFailureId(m.failure)) continue;
    out.push({
      messageId: m.id,
      label: m.id,
      failure: m.failure,
      re: pattern.re,
      literal: pattern.literal,
      needle: pattern.needle,
      groupNames: GROUP_NAMES[m.id] ?? [],
      wrapper: WRAPPER_IDS.has(m.id),
      weak: WEAK_IDS.has(m.id),
      pieces: templatePieces(m.template),
      cause: null,
    });
  }
  for (const m of OTHER_MESSAGES) {
    const pattern = compileInsensitive(m.regex, m.id);
    if (!pattern) continue;
    out.push({
      messageId: m.id,
      label: m.id,
      failure: null,
      re: pattern.re,
      literal: pattern.literal,
      needle: pattern.needle,
      groupNames: GROUP_NAMES[m.id] ?? [],
      wrapper: false,
      weak: false,
      pieces: templatePieces(m.template),
      cause: m.cause,
    });
  }
  for (const s of SUPPLEMENTARY) {
    const pattern = compileInsensitive(s.regex, null);
    if (!pattern) continue;
    out.push({
      messageId: null,
      label: s.label,
      failure: s.failure,
      re: pattern.re,
      literal: pattern.literal,
      needle: pattern.needle,
      groupNames: s.groupNames,
      wrapper: s.wrapper,
      weak: false,
      pieces: [],
      cause: null,
    });
  }
  compiled = out;
  return out;
}

/**
 * Texts of which every match of these patterns contains one, for patterns that neither start
 * with text nor hold a required run of it (their alternatives differ). Checked by the templates
 * test, which matches every printed template.
 */
const ANY_OF: Readonly<Record<string, readonly string[]>> = {
  'keras-get-config-not-implemented': ['__init__'],
  'keras-lambda-safe-mode': ['lambda'],
  'keras-h5-weight-count-mismatch': ['weight count mismatch', 'was found to correspond to layer'],
  'keras-h5-by-name-shape-mismatch': ['shape mismatch', 'skipping loading'],
  'saved-model-load-io-device-hint': ['different device from the computational device'],
  'mwms-peer-seems-down': ['seems down', 'cluster check alive failed'],
};

/** Compile case-insensitively; the prefilter texts are then compared with lower-cased text. */
function compileInsensitive(source: string, id: string | null): (CompiledPattern & { needle: readonly string[] | null }) | null {
  const p = compilePattern(`(?i)${source}`);
  if (!p) return null;
  const literal = leadingLiteralOf(source);
  const required = literal ? null : requiredLiteral(pythonToJsSource(source).source);
  const needle = literal ? null : required ? [required.toLowerCase()] : id && ANY_OF[id] ? ANY_OF[id] : null;
  return { re: p.re, literal: literal ? literal.toLowerCase() : null, needle };
}

function leadingLiteralOf(source: string): string | null {
  const p = compilePattern(source);
  return p ? p.literal : null;
}

/** Lower-case letters and digits only: what survives wrapping, quoting and re-typing. */
export function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Fixed words of a template, per wording ("A   /   B" lists alternatives), squashed. */
export function templatePieces(template: string): string[][] {
  // Stack signatures (frames) are not prose; they are matched by their regex only.
  if (/\n\s+File "/.test(template)) return [];
  const out: string[][] = [];
  for (const variant of template.split(/\s{2,}\/\s{2,}/)) {
    const text = variant.replace(/\{\{/g, '(').replace(/\}\}/g, ')');
    const pieces = text
      .split(/\{[^}]*\}|\.\.\.|…/)
      .map(squash)
      .filter((p) => p.length >= 4);
    if (pieces.reduce((n, p) => n + p.length, 0) >= 20) out.push(pieces);
  }
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
      if (pattern) {
        const flags = pattern.re.flags.includes('i') ? pattern.re.flags : `${pattern.re.flags}i`;
        pattern = { re: new RegExp(pattern.re.source, flags), literal: pattern.literal?.toLowerCase() ?? null };
      }
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
      needle: null,
      groupNames: [],
      wrapper: false,
      weak: false,
      pieces: [],
      cause: null,
    });
  }
  return out;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
