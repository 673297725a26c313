// ml: one epoch of stochastic gradient descent for logistic regression.
// input:  /in/train.csv, a header row then one example per row: the features, then the label (0 or 1)
//         /in/model.csv (optional), one row "w1,...,wd,b": the starting model (default all zeros)
// args:   learningRate seed [l2=0]   (seed orders the examples: a Fisher-Yates shuffle)
// out:    /out/model.csv, the trained model in the same one-row format (shortest round-trip decimals)
//         stdout {"examples","features","learningRate","l2","lossBefore","lossAfter","accuracy","weights":[...],"bias"}
//         losses are the mean log-loss over the input before and after the epoch; accuracy is after it
import { argFloat, argSeed, fail } from "../../lib/assembly/cli";
import { numberAt, parseCsv } from "../../lib/assembly/csv";
import { fileExists, readText, writeText } from "../../lib/assembly/files";
import { SplitMix64 } from "../../lib/assembly/random";

if (process.argv.length < 3) fail("usage: ml learningRate seed [l2] (examples in /in/train.csv, optional /in/model.csv)");
const learningRate = argFloat(1, 0.1);
const random = new SplitMix64(argSeed(2, 1));
const l2 = argFloat(3, 0);
if (!(learningRate > 0) || l2 < 0) fail("learningRate must be > 0 and l2 >= 0");

const rows = parseCsv(readText("/in/train.csv"));
if (rows.length < 2) fail("train.csv needs a header row and at least one example");
const d = rows[0].length - 1;
if (d < 1) fail("train.csv needs at least one feature column before the label");
const n = rows.length - 1;
const x = new Float64Array(n * d);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const row = rows[i + 1];
  if (row.length != d + 1) fail("train.csv row " + (i + 2).toString() + " has " + row.length.toString() + " fields, expected " + (d + 1).toString());
  for (let j = 0; j < d; j++) x[i * d + j] = numberAt(row, j, i + 2, "train.csv");
  const label = numberAt(row, d, i + 2, "train.csv");
  if (label != 0 && label != 1) fail("train.csv row " + (i + 2).toString() + ": the label must be 0 or 1");
  y[i] = label;
}

const weights = new Float64Array(d);
let bias: f64 = 0;
if (fileExists("/in/model.csv")) {
  const model = parseCsv(readText("/in/model.csv"));
  if (model.length != 1 || model[0].length != d + 1) fail("model.csv must be one row of " + (d + 1).toString() + " numbers (weights, then bias)");
  for (let j = 0; j < d; j++) weights[j] = numberAt(model[0], j, 1, "model.csv");
  bias = numberAt(model[0], d, 1, "model.csv");
}

function logit(i: i32): f64 {
  let z = bias;
  for (let j = 0; j < d; j++) z += unchecked(weights[j]) * unchecked(x[i * d + j]);
  return z;
}

/** Mean log-loss: log(1 + e^z) - y z, computed without overflow. */
function meanLoss(): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const z = logit(i);
    total += max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
  }
  return total / <f64>n;
}

const lossBefore = meanLoss();
const order = new Int32Array(n);
for (let i = 0; i < n; i++) order[i] = i;
for (let i = n - 1; i > 0; i--) {
  const j = <i32>random.nextBelow(<u32>(i + 1));
  const t = order[i];
  order[i] = order[j];
  order[j] = t;
}
for (let step = 0; step < n; step++) {
  const i = order[step];
  const gradient = 1.0 / (1.0 + Math.exp(-logit(i))) - y[i]; // d loss / d z
  for (let j = 0; j < d; j++) weights[j] -= learningRate * (gradient * x[i * d + j] + l2 * weights[j]);
  bias -= learningRate * gradient;
}
const lossAfter = meanLoss();
let correct = 0;
for (let i = 0; i < n; i++) if ((logit(i) > 0 ? 1.0 : 0.0) == y[i]) correct++;

const numbers: string[] = [];
for (let j = 0; j < d; j++) numbers.push(weights[j].toString());
writeText("/out/model.csv", numbers.join(",") + "," + bias.toString() + "\n");
console.log(
  `{"examples":${n},"features":${d},"learningRate":${learningRate},"l2":${l2},"lossBefore":${lossBefore},"lossAfter":${lossAfter},` +
  `"accuracy":${<f64>correct / <f64>n},"weights":[${numbers.join(",")}],"bias":${bias}}`,
);
