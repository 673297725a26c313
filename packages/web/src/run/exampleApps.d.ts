// The example apps' specs, composed into the page at build time (vite.config.ts, plugin `example-apps`).
declare module 'virtual:example-apps' {
  import type { AppRunSpec } from '@proofgrid/sdk';
  export const montecarlo: AppRunSpec;
  export const renderer: AppRunSpec;
}
