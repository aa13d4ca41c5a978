/**
 * Public shapes of the traceback triage: what goes in (text + optional symptom patterns) and
 * what comes out (ranked failure ids, each with the line that gave it away).
 */
import type { FailureId } from '../catalog.ts';

/** A symptom pattern from a guide's frontmatter (`symptoms[].pattern`), fed in by the site. */
export interface ExtraSymptom {
  failure: FailureId;
  /** A JavaScript regular expression source; an invalid one is ignored. */
  pattern: string;
  /** The message as printed, for the `why` text. */
  text?: string;
}

export interface TriageOptions {
  extraSymptoms?: ExtraSymptom[];
}

export interface TriageMatch {
  failure: FailureId;
  /** 0..1; root-cause catalog match > other exception > warning/log > keyword heuristic. */
  score: number;
  /** The input line that matched (clipped to the line limit). */
  line: string;
  /** errors.json id of the message that matched, or null for heuristics and extra symptoms. */
  message_id: string | null;
  /**
   * Names taken from the message, keyed by meaning (op, class_name, key, layer, path,
   * expected_dtype, variable_shape, ... — see triage/group-names.ts), plus `exception_type`
   * (as printed), `loaded_path` (the path the user's code passed to a loader, from the
   * traceback's code lines) and, for keyword evidence, `keyword`.
   */
  extracted: Record<string, string>;
  /** One sentence on why this failure was picked. */
  why: string;
}

export interface TriageResult {
  /** Best first; at most one entry per failure id. */
  matches: TriageMatch[];
}
