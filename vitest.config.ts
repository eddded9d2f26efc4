import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['tests/e2e/**', '**/node_modules/**'],
    environment: 'node',
    // Correctness tests, not timed ones: property tests and whole-cluster builds can take seconds on a busy
    // 2-core machine, and a time-out there says nothing about the code.
    testTimeout: 60_000,
  },
});
