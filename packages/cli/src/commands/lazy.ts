import type { Command } from 'commander';
import type { Context } from '../context.ts';

/** An action module's default export: positional arguments, then the verb's own options. */
// biome-ignore lint/suspicious/noExplicitAny: each action declares its own argument types
export type Action = (ctx: Context, ...args: any[]) => Promise<void>;

/**
 * A commander action handler that loads `<verb>.action.ts` only when the verb runs, so
 * `proofgrid --help` and one verb's start-up do not pay for every other verb's imports.
 * @example
 * wallet.command('balance [address]').action(lazy(() => import('./balance.action.ts')));
 */
export function lazy(load: () => Promise<{ default: Action }>) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = args.at(-2) as Record<string, unknown>;
    const positional = args.slice(0, -2);
    // Loaded here, not at the top: `--help` then never pays for viem and the SDK.
    const [{ createContext, globalOptions }, { default: action }] = await Promise.all([import('../context.ts'), load()]);
    const ctx = createContext(globalOptions(command));
    await action(ctx, ...positional, options);
  };
}

/** The `Examples:` section of a verb's help. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
