/** Release numbers as the rules compare them: major.minor (patch ignored, '2.16.0rc1' -> 2.16). */
export interface Release {
  major: number;
  minor: number;
}

export function parseRelease(text: string | null | undefined): Release | null {
  if (!text) return null;
  const m = /(\d+)\.(\d+)/.exec(text.trim());
  if (!m) {
    const major = /^\s*v?(\d+)\s*$/.exec(text);
    return major ? { major: Number(major[1]), minor: 0 } : null;
  }
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function compareRelease(a: Release, b: Release): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

export function releaseText(r: Release): string {
  return `${r.major}.${r.minor}`;
}

/** Keras major version of a runtime ('3.15' -> 3, '2.15' -> 2), or null. */
export function kerasMajorOf(version: string | null): 2 | 3 | null {
  const r = parseRelease(version);
  if (!r) return null;
  if (r.major >= 3) return 3;
  return 2;
}
