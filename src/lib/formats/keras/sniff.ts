/** Content sniffing for Keras files: HDF5 (at 0 or after a user block) or zip. */
import { hdf5SignatureAt } from './hdf5.ts';

/** HDF5 allows a user block before the superblock; the signature then sits at 512, 1024, 2048, ... */
const USER_BLOCK_OFFSETS = [0, 512, 1024, 2048, 4096, 8192];

export function sniffKeras(head: Uint8Array): 'zip' | 'hdf5' | null {
  if (USER_BLOCK_OFFSETS.some((o) => hdf5SignatureAt(head, o))) return 'hdf5';
  if (head.byteLength >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    // Local file header (PK\3\4), or the end record of an empty archive (PK\5\6).
    if ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06)) return 'zip';
  }
  return null;
}
