// ml-predict: a service (docs/decisions/029-services.md) answering predictions of the ml app's trained model.
// request: /in/request, one example per line, its 4 features separated by commas (no header, no label)
// response: stdout, one JSON line {"predictions":[{"p":0.83,"label":1},...]} where p = σ(w·x + b)
// A malformed request (a row of the wrong width, a field that is not a number, no rows) exits with code 2.
import { fail } from "../../lib/assembly/cli";
import { numberAt, parseCsv } from "../../lib/assembly/csv";
import { fileExists, readText } from "../../lib/assembly/files";
import { BIAS, WEIGHTS } from "./model";

if (!fileExists("/in/request")) fail("no request: the request is read from /in/request");
const rows = parseCsv(readText("/in/request"));
if (rows.length < 1) fail("the request has no rows");
const d = WEIGHTS.length;
const parts = new Array<string>();
for (let i = 0; i < rows.length; i++) {
  const row = rows[i];
  if (row.length != d) fail("request row " + (i + 1).toString() + " has " + row.length.toString() + " fields, expected " + d.toString());
  let z = BIAS;
  for (let j = 0; j < d; j++) z += unchecked(WEIGHTS[j]) * numberAt(row, j, i + 1, "request");
  const p = 1.0 / (1.0 + Math.exp(-z));
  parts.push('{"p":' + p.toString() + ',"label":' + (z > 0 ? "1" : "0") + "}");
}
console.log('{"predictions":[' + parts.join(",") + "]}");
