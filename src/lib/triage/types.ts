/**
 * Public shapes of the traceback triage: what goes in (text + optional symptom patterns) and
 * what comes out (ranked failure ids, each with the lines that decided it, and one answer to
 * show: a failure, a question page, "the restore finished", a known cause outside the catalog,
 * or "nothing matched").
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

/** One line of the paste that decided (or supported) an answer. */
export interface DecidingLine {
  /** 1-based line number in the pasted text. */
  line: number;
  /** The line as pasted (clipped to the line limit). */
  text: string;
  /** What this line says, in a few words ("the error message", "the path passed is a data shard"). */
  why: string;
}

/** Where in a guide the cause is explained. */
export interface GuideLink {
  failure: FailureId;
  /** The guide's title. */
  title: string;
  /** Anchor of the guide section (`mechanism`, `fix`, ...), from the guide's `{#id}` markers. */
  section: string;
  /**
   * Words of the guide that start the cause's own paragraph, when the section explains several
   * causes (the fork hang within the hang guide). The URL scrolls there with a text fragment.
   */
  cause: string | null;
  /** `/failures/<id>/#<section>`, plus `:~:text=<cause>` when a cause is named. */
  url: string;
}

export interface TriageMatch {
  failure: FailureId;
  /** 0..1; root-cause catalog match > other exception > warning/log > keyword heuristic. */
  score: number;
  /** The input line that matched (clipped to the line limit). */
  line: string;
  /** errors.json id of the message that matched, or null for heuristics, rules and extra symptoms. */
  message_id: string | null;
  /**
   * Names taken from the message, keyed by meaning (op, class_name, key, layer, path,
   * expected_dtype, variable_shape, ... — see triage/group-names.ts), plus `exception_type`
   * (as printed), `loaded_path` (the path the user's code passed to a loader, from the
   * traceback's code lines), for keyword evidence `keyword`, and for unregistered ops that an
   * add-on package registers `package` and `import`.
   */
  extracted: Record<string, string>;
  /** One sentence on why this failure was picked. */
  why: string;
  /** The lines that decided it: the message, and the context lines that changed its reading. */
  lines: DecidingLine[];
  /** The guide section that explains this cause. */
  guide: GuideLink;
}

/** The answer to show for the paste as a whole. */
export type TriageAnswer =
  | {
      kind: 'failure';
      failure: FailureId;
      /** False when the evidence is a keyword, a paraphrase or a side-effect warning: say "possibly". */
      confident: boolean;
      /** matches[0], repeated for convenience. */
      top: TriageMatch;
      /** The second failure when it scores close to the first, else null. */
      runner_up: TriageMatch | null;
    }
  | {
      /** The text asks a question a page answers (e.g. calling `.restore` on a Keras model). */
      kind: 'page';
      url: string;
      title: string;
      why: string;
      lines: DecidingLine[];
    }
  | {
      /** The log shows the restore finished; what stalls comes after it. */
      kind: 'restore-finished';
      why: string;
      lines: DecidingLine[];
    }
  | {
      /** A known message whose cause is outside the twelve failures (a GPU library, a driver). */
      kind: 'not-restore';
      cause: string;
      why: string;
      lines: DecidingLine[];
    }
  | {
      /** Nothing in the text names a failure: say so and say what to drop on the checker. */
      kind: 'nothing';
      why: string;
      /** The checker page. */
      checker: string;
      /** The files to drop there, from what the paste says about the format (else all formats). */
      drop: string[];
    };

export interface TriageResult {
  /** Failures, best first; at most one entry per failure id. */
  matches: TriageMatch[];
  /** What to tell the reader first. */
  answer: TriageAnswer;
}
