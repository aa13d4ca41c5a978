/** Keras file decoders: the .keras zip, Keras HDF5 files (legacy and Keras 3 weights), sniffing. */
export { sniffKeras } from './sniff.ts';
export { decodeKerasZip } from './decode-zip.ts';
export { decodeKerasH5 } from './decode-h5.ts';
export { MAX_HDF5_BYTES } from './hdf5.ts';
export { readZipDirectory, readZipMember, type ZipEntry } from './zip.ts';
