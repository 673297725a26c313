import { WASM_PAGE_BYTES } from './capModuleMemory.ts';
import { SandboxInvalidRequestError } from './errors.ts';
import type { SandboxLimits, SandboxRequest } from './types.ts';

/** @internal A request with defaults applied and every field checked. */
export type ValidRequest = {
  args: string[];
  env: Record<string, string>;
  files: Record<string, Uint8Array>;
  seed: string;
  limits: SandboxLimits;
  maxPages: number;
};

const MAX_PAGES = 65_536;
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * @internal Checks a request before anything touches the disk: limits are
 * positive, strings carry no NUL, env names no '=', and every input file name
 * is a plain relative path that stays under /in.
 */
export function validateRequest(request: SandboxRequest): ValidRequest {
  const { args = [], env = {}, files = {}, seed, limits } = request;
  if (!(request.module instanceof Uint8Array)) fail('module', 'must be the module bytes (a Uint8Array)');
  if (typeof seed !== 'string') fail('seed', 'must be a string');
  positive('limits.memoryMb', limits?.memoryMb);
  positive('limits.timeoutMs', limits?.timeoutMs);
  if (limits.timeoutMs > MAX_TIMEOUT_MS) fail('limits.timeoutMs', `must not exceed ${MAX_TIMEOUT_MS} (a timer's range)`);
  if (!Number.isSafeInteger(limits.maxOutputBytes) || limits.maxOutputBytes < 0) {
    fail('limits.maxOutputBytes', 'must be a non-negative integer');
  }
  const maxPages = Math.min(MAX_PAGES, Math.floor((limits.memoryMb * 1024 * 1024) / WASM_PAGE_BYTES));
  if (maxPages < 1) fail('limits.memoryMb', 'is below one 64 KiB page');
  for (const [i, arg] of args.entries()) noNul(`args[${i}]`, arg);
  for (const [name, value] of Object.entries(env)) {
    if (name === '' || name.includes('=')) fail(`env.${name}`, "has a name that is empty or contains '='");
    noNul(`env.${name}`, name + value);
  }
  for (const [name, content] of Object.entries(files)) {
    const segments = name.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) fail(`files["${name}"]`, 'is not a relative path under /in');
    noNul(`files["${name}"]`, name);
    if (!(content instanceof Uint8Array)) fail(`files["${name}"]`, 'must be a Uint8Array');
  }
  return { args, env, files, seed, limits, maxPages };
}

function positive(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(field, 'must be a positive number');
}

function noNul(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.includes('\0')) fail(field, 'must be a string without NUL characters');
}

function fail(field: string, reason: string): never {
  throw new SandboxInvalidRequestError({ field, reason });
}
