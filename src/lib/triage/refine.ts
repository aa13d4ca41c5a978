/**
 * Cases where the names inside a message change which failure it points to. A catalog entry
 * names one failure per message, but "Key X not found in checkpoint" means something else
 * when X is the object-graph key itself: the checkpoint has no object graph at all, so it was
 * written by a name-based TF1 Saver and is being read by object-based (TF2) code. TF stores that
 * graph under `_CHECKPOINTABLE_OBJECT_GRAPH` (tensorflow/python/checkpoint/checkpoint.py,
 * OBJECT_GRAPH_PROTO_KEY); the message is seen in e.g. ymcui/Chinese-ELECTRA#49.
 */
import type { FailureId } from '../catalog.ts';
import { OBJECT_GRAPH_KEY } from '../facts.ts';

export interface Refinement {
  messageId: string;
  test: (extracted: Readonly<Record<string, string>>) => boolean;
  failure: FailureId;
  why: string;
}

export const REFINEMENTS: readonly Refinement[] = [
  {
    messageId: 'key-not-found-in-checkpoint',
    test: (x) => x.key === OBJECT_GRAPH_KEY,
    failure: 'tf1-tf2-checkpoint',
    why: 'the missing key is the object graph itself: the checkpoint was written by a name-based TF1 Saver and read by object-based code',
  },
];

export function refine(messageId: string | null, extracted: Readonly<Record<string, string>>): Refinement | null {
  if (!messageId) return null;
  for (const r of REFINEMENTS) if (r.messageId === messageId && r.test(extracted)) return r;
  return null;
}
