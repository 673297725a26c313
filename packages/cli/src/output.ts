import { jsonSafe } from '@proofgrid/sdk';

/**
 * Where a command's answer goes: a human text on stdout by default, or exactly one JSON document
 * on stdout with --json. Progress and notes go to stderr and are silent with --json.
 */
export type Output = {
  json: boolean;
  /** Prints the command's result: `data` as JSON, or the text `human(data)` builds. */
  result<T>(data: T, human: (data: T) => string): void;
  /** A note for a person (stderr); nothing with --json. */
  note(message: string): void;
};

export function createOutput({ json }: { json: boolean }): Output {
  return {
    json,
    result(data, human) {
      if (json) process.stdout.write(`${JSON.stringify(jsonSafe(data), null, 2)}\n`);
      else {
        const text = human(data);
        if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    note(message) {
      if (!json) process.stderr.write(`${message}\n`);
    },
  };
}

/** A plain text table: one header row, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `key  value` lines, keys aligned. */
export function fields(entries: [string, string | number | bigint | boolean | undefined][]): string {
  const shown = entries.filter(([, v]) => v !== undefined && v !== '');
  const width = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${k.padEnd(width)}  ${String(v)}`).join('\n');
}
