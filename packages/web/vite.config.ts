import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SDK and the example app specs are TypeScript sources in the workspace (imports with explicit
// .ts extensions); Vite compiles them like the page's own sources.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { fs: { allow: ['../..'] } },
});
