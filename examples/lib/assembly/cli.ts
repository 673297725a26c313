// Command-line helpers for the example apps (argv[0] is the program name).
import { parseSeed } from "./random";

/** Prints "error: <message>" on stderr (the shim's console.error writes to stdout) and exits. */
export function fail(message: string, exitCode: i32 = 2): void {
  process.stderr.write("error: " + message + "\n");
  process.exit(exitCode);
}

/** Integer argument `index`, or `fallback` when absent. */
export function argInt(index: i32, fallback: i32): i32 {
  if (process.argv.length <= index) return fallback;
  const text = process.argv[index];
  const value = I32.parseInt(text);
  if (value.toString() != text) fail("argument " + index.toString() + " must be an integer, got " + text);
  return value;
}

/** Number argument `index`, or `fallback` when absent. */
export function argFloat(index: i32, fallback: f64): f64 {
  if (process.argv.length <= index) return fallback;
  const value = parseFloat(process.argv[index]);
  if (!isFinite(value)) fail("argument " + index.toString() + " must be a number, got " + process.argv[index]);
  return value;
}

/** Decimal u64 seed argument `index`, or `fallback` when absent. */
export function argSeed(index: i32, fallback: u64): u64 {
  return process.argv.length > index ? parseSeed(process.argv[index]) : fallback;
}
