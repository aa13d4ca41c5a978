/**
 * Pasted text of unknown kind -> ExpectedModel: a Keras config (JSON object), a printed variable
 * list, or a model.summary() table, tried in that order by what the text starts with.
 */
import { parseKerasConfig } from './keras-config.ts';
import { parseModelSummary } from './summary.ts';
import type { ExpectedModel } from './types.ts';
import { parseVariableList } from './variable-list.ts';

export function parseExpected(text: string): ExpectedModel {
  const t = text.trim();
  if (t.startsWith('{')) return parseKerasConfig(t);
  if (/Layer \(type\)/.test(t)) return parseModelSummary(t);
  return parseVariableList(t);
}
