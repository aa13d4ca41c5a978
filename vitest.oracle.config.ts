import { defineConfig } from 'vitest/config';

// The oracle suite compares the decoders with TensorFlow 2.21's own readers. It needs a Python
// with tensorflow-cpu==2.21.0 (see test/oracle/python.ts); the main `npm test` does not.
export default defineConfig({
  test: {
    include: ['test/oracle/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
