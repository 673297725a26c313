import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { type Plugin, defineConfig } from 'vite';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const EXAMPLE_APPS = 'virtual:example-apps';

/**
 * `virtual:example-apps`: the specs of the example apps the page has run forms for (examples/<app>/task.ts, pure and
 * browser-safe), composed in here so that the page's sources import no workspace package but the SDK.
 */
function exampleApps(names: readonly string[]): Plugin {
  return {
    name: 'example-apps',
    resolveId: (source) => (source === EXAMPLE_APPS ? `\0${EXAMPLE_APPS}` : undefined),
    load: (id) =>
      id === `\0${EXAMPLE_APPS}`
        ? names.map((n) => `export { ${n} } from ${JSON.stringify(join(EXAMPLES, n, 'task.ts'))};`).join('\n')
        : undefined,
  };
}

// The SDK and the example app specs are TypeScript sources in the workspace (imports with explicit
// .ts extensions); Vite compiles them like the page's own sources.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), exampleApps(['montecarlo', 'renderer'])],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { fs: { allow: ['../..'] } },
});
