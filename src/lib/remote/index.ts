/** Reading models where they live: HTTP Range reads through the same ByteSource decoders use. */
export { defaultHost, type FetchLike, type Host, type ResponseLike } from './fetch-like.ts';
export { HttpRangeSource, openHttpFile } from './http-source.ts';
export { RemoteError } from './remote-error.ts';
export { openRemote, type RemoteTarget } from './resolve.ts';
export { DEFAULT_REMOTE_OPTIONS, type RemoteOptions, RemoteSession, type RemoteStats } from './session.ts';
export { httpUrlOf, isRemoteAddress } from './url-map.ts';
