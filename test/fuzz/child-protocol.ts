/** What the long run's child process (child.ts) and its parent (scripts/fuzz.ts) say to each other. */
export type ChildMessage =
  | { type: 'ready'; seeds: number }
  | { type: 'start'; index: number }
  | {
      type: 'done';
      index: number;
      ms: number;
      violations: { invariant: string; detail: string }[];
      decoded: boolean;
      problems: number;
      findings: number;
      mutations: string[];
      seed: string;
    }
  | { type: 'finished' };

/** Exit status that asks the parent for a fresh process: h5wasm aborted and cannot be re-created in this one. */
export const RESTART_EXIT = 3;
