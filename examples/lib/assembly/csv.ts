// A small CSV reader for numeric tables: comma-separated, no quoting, an optional header row.
import { fail } from "./cli";

/** Splits text into rows of trimmed fields, skipping blank lines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length == 0) continue;
    const fields = line.split(",");
    for (let f = 0; f < fields.length; f++) fields[f] = fields[f].trim();
    rows.push(fields);
  }
  return rows;
}

/** True when the whole field is a finite decimal number. */
export function isNumber(field: string): bool {
  if (field.length == 0) return false;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || c == 46 || c == 45 || c == 43 || c == 101 || c == 69; // 0-9 . - + e E
    if (!ok) return false;
  }
  return isFinite(parseFloat(field));
}

/** Parses a field known to be numeric, or exits with a message naming the row. */
export function numberAt(row: string[], column: i32, rowNumber: i32, file: string): f64 {
  if (column >= row.length || !isNumber(row[column])) {
    fail(file + " row " + rowNumber.toString() + " column " + (column + 1).toString() + " is not a number");
  }
  return parseFloat(row[column]);
}
