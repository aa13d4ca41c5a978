/** Which addresses are accepted and where they are fetched from. */
import { describe, expect, it } from 'vitest';
import { hasQuery, httpUrlOf, isRemoteAddress } from '../../../src/lib/remote/url-map.ts';

describe('addresses', () => {
  it('maps gs:// and s3:// to the public HTTPS endpoints and keeps https:// (presigned too) as given', () => {
    expect(httpUrlOf('gs://my-bucket/runs/7/ckpt-100')).toBe('https://storage.googleapis.com/my-bucket/runs/7/ckpt-100');
    expect(httpUrlOf('s3://my.bucket/runs/model.keras')).toBe('https://my.bucket.s3.amazonaws.com/runs/model.keras');
    const presigned = 'https://b.s3.amazonaws.com/ckpt-1.index?X-Amz-Signature=abc&X-Amz-Expires=60';
    expect(httpUrlOf(presigned)).toBe(presigned);
    expect(hasQuery(presigned)).toBe(true);
    expect(hasQuery('https://h/a/ckpt-1#frag?x')).toBe(false);
  });

  it('refuses other schemes and bucket names that are not names, saying which', () => {
    expect(() => httpUrlOf('ftp://h/x')).toThrow('ftp://h/x: the ftp:// scheme is not supported (use https://, gs:// or s3://)');
    expect(() => httpUrlOf('file:///etc/passwd')).toThrow(/file:\/\/ scheme is not supported/);
    expect(() => httpUrlOf('gs://../x')).toThrow('gs://../x: ".." is not a bucket name');
    expect(() => httpUrlOf('https:///x')).toThrow('has no host');
  });

  it('tells addresses from paths (a Windows drive letter is a path)', () => {
    expect(isRemoteAddress('https://h/x')).toBe(true);
    expect(isRemoteAddress('gs://b/x')).toBe(true);
    expect(isRemoteAddress('C://x')).toBe(false);
    expect(isRemoteAddress('./https:/x')).toBe(false);
  });
});
