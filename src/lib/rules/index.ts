/**
 * diagnose(facts, ctx): every rule, one per failure id, findings sorted by severity (errors
 * first), then by the catalog order of their failure ids.
 *
 * Each rule is a folder named by its failure id: index.ts is the logic (which findings, with which
 * data, evidence, severity and confidence) and messages.ts what they say (title, detail and fix
 * as functions of typed data); finding.ts has messagesOf() for the tables and report() for the logic.
 */
import { FAILURE_IDS, type FailureId } from '../catalog.ts';
import type { Context } from '../context/types.ts';
import type { ModelFacts } from '../facts.ts';
import { architectureMismatch } from './architecture-mismatch/index.ts';
import { corruptedCheckpoint } from './corrupted-checkpoint/index.ts';
import { dtypeMismatch } from './dtype-mismatch/index.ts';
import { severityRank, type Finding, type Rule } from './finding.ts';
import { inputShapeMismatch } from './input-shape-mismatch/index.ts';
import { partialRestore } from './partial-restore/index.ts';
import { resourceExhaustion } from './resource-exhaustion/index.ts';
import { restoreHang } from './restore-hang/index.ts';
import { tf1Tf2Checkpoint } from './tf1-tf2-checkpoint/index.ts';
import { unregisteredCustomObject } from './unregistered-custom-object/index.ts';
import { variableNameMismatch } from './variable-name-mismatch/index.ts';
import { versionMismatch } from './version-mismatch/index.ts';
import { wrongPathOrLoader } from './wrong-path-or-loader/index.ts';

export type { Finding, Evidence, Severity, Confidence, Rule } from './finding.ts';

export const RULES: Readonly<Record<FailureId, Rule>> = {
  'version-mismatch': versionMismatch,
  'unregistered-custom-object': unregisteredCustomObject,
  'dtype-mismatch': dtypeMismatch,
  'variable-name-mismatch': variableNameMismatch,
  'architecture-mismatch': architectureMismatch,
  'input-shape-mismatch': inputShapeMismatch,
  'corrupted-checkpoint': corruptedCheckpoint,
  'wrong-path-or-loader': wrongPathOrLoader,
  'partial-restore': partialRestore,
  'tf1-tf2-checkpoint': tf1Tf2Checkpoint,
  'restore-hang': restoreHang,
  'resource-exhaustion': resourceExhaustion,
};

export function diagnose(facts: ModelFacts, ctx: Context): Finding[] {
  const all = FAILURE_IDS.flatMap((id) => RULES[id](facts, ctx));
  const order = (f: Finding) => FAILURE_IDS.indexOf(f.failure);
  // Array.prototype.sort is stable: within one rule, findings keep the rule's order.
  return all.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || order(a) - order(b));
}
