/**
 * The generated protobuf decoders, configured so 64-bit integers decode to plain numbers
 * (sizes, offsets and versions all fit in 2^53; nothing here needs Long arithmetic).
 * Import protos from here, never from generated.js directly.
 */
import $protobuf from 'protobufjs/minimal.js';
import { tensorflow } from './generated.js';

$protobuf.util.Long = null as unknown as typeof $protobuf.util.Long;
$protobuf.configure();

export { tensorflow };
