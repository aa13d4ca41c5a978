/**
 * The generated protobuf decoders (64-bit integers as plain numbers: see int64-as-number.ts).
 * Import protos from here, never from generated.js directly.
 */
export { tensorflow } from './generated.js';
