/** TensorShapeProto -> facts Shape: -1 for an unknown dimension, null for an unknown rank. */
import type { tensorflow } from '../../proto/index.ts';
import type { Shape } from '../../facts.ts';

export function shapeOf(proto: tensorflow.TensorShapeProto.$Properties | null | undefined): Shape | null {
  // An absent shape is the default message: a scalar, as TensorFlow reads it.
  if (!proto) return [];
  if (proto.unknown_rank) return null;
  return (proto.dim ?? []).map((d) => {
    const size = Number(d.size ?? 0);
    return size < 0 ? -1 : size;
  });
}
