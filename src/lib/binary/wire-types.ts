/** Protobuf wire types, as the encoding defines them (groups, 3 and 4, are not used by TensorFlow). */
export const WireType = {
  VARINT: 0,
  FIXED64: 1,
  LEN: 2,
  FIXED32: 5,
} as const;
