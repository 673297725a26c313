// kmeans: clusters the assets of /in/returns.csv by their return series (portfolio clustering).
// input:  /in/returns.csv, a header row "day,NAME1,NAME2,..." then one row per day: a label, then
//         each asset's return that day. Each asset's series is standardised (mean 0, sd 1), so the
//         squared distance between two assets is 2 * days * (1 - correlation).
// args:   k seed [maxIterations=100]
// out:    stdout {"k","assets","days","iterations","inertia","labels":[...],"clusters":[["NAME",...],...]}
//         /out/assignment.csv "asset,cluster" per asset in file order
import { argInt, argSeed, fail } from "../../lib/assembly/cli";
import { numberAt, parseCsv } from "../../lib/assembly/csv";
import { readText, writeText } from "../../lib/assembly/files";
import { SplitMix64 } from "../../lib/assembly/random";
import { kmeans } from "./kmeans";

if (process.argv.length < 3) fail("usage: kmeans k seed [maxIterations] (returns in /in/returns.csv)");
const k = argInt(1, 4);
const random = new SplitMix64(argSeed(2, 1));
const maxIterations = argInt(3, 100);
if (maxIterations < 1) fail("maxIterations must be >= 1");

const rows = parseCsv(readText("/in/returns.csv"));
if (rows.length < 3) fail("returns.csv needs a header row and at least two days");
const names = rows[0].slice(1);
const n = names.length;
const days = rows.length - 1;
if (k < 1 || k > n) fail("k must be between 1 and the number of assets (" + n.toString() + ")");

// points[a * days + t] = standardised return of asset a on day t.
const points = new Float64Array(n * days);
for (let t = 0; t < days; t++) {
  const row = rows[t + 1];
  if (row.length != n + 1) fail("returns.csv row " + (t + 2).toString() + " has " + row.length.toString() + " fields, expected " + (n + 1).toString());
  for (let a = 0; a < n; a++) points[a * days + t] = numberAt(row, a + 1, t + 2, "returns.csv");
}
for (let a = 0; a < n; a++) {
  let mean: f64 = 0;
  for (let t = 0; t < days; t++) mean += points[a * days + t];
  mean /= <f64>days;
  let variance: f64 = 0;
  for (let t = 0; t < days; t++) variance += (points[a * days + t] - mean) * (points[a * days + t] - mean);
  const sd = Math.sqrt(variance / <f64>days);
  if (!(sd > 0)) fail("asset " + names[a] + " has constant returns");
  for (let t = 0; t < days; t++) points[a * days + t] = (points[a * days + t] - mean) / sd;
}

const result = kmeans(points, n, days, k, random, maxIterations);

let csv = "asset,cluster\n";
const labels: string[] = [];
for (let a = 0; a < n; a++) {
  csv += names[a] + "," + result.labels[a].toString() + "\n";
  labels.push(result.labels[a].toString());
}
writeText("/out/assignment.csv", csv);
const clusters: string[] = [];
for (let c = 0; c < k; c++) {
  const members: string[] = [];
  for (let a = 0; a < n; a++) if (result.labels[a] == c) members.push('"' + names[a] + '"');
  clusters.push("[" + members.join(",") + "]");
}
console.log(
  `{"k":${k},"assets":${n},"days":${days},"iterations":${result.iterations},"inertia":${result.inertia},` +
  `"labels":[${labels.join(",")}],"clusters":[${clusters.join(",")}]}`,
);
