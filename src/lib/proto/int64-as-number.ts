/**
 * Makes protobufjs decode 64-bit integers as plain numbers (sizes, offsets and versions all fit
 * in 2^53). generated.js imports this first, so its int64 defaults are numbers too, not Long(0).
 */
import $protobuf from 'protobufjs/minimal.js';

$protobuf.util.Long = null as unknown as typeof $protobuf.util.Long;
$protobuf.configure();
