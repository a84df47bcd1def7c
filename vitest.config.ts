import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure modules, tests beside them; no build, no services) and `integration`
// (real Redis and FerretDB started once by the global setup, the built artifacts, a browser).
export default defineConfig({
  resolve: {
    alias: { '@weapp-scf/layer': fileURLToPath(new URL('./layers/app/index.ts', import.meta.url)) },
  },
  test: {
    pool: 'forks',
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'contract/**/*.test.ts', 'dev/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
