// tsp: a short closed tour through the cities in /in/cities.csv ("x,y" per line, optional header).
// args: seed iterations
// stdout: {"cities":n,"iterations":k,"initialLength":L0,"length":L,"tour":[0,...]}
// (L0 is the length of the starting tour, the cities in file order)
import { argInt, argSeed, fail } from "../../lib/assembly/cli";
import { isNumber, numberAt, parseCsv } from "../../lib/assembly/csv";
import { readText } from "../../lib/assembly/files";
import { SplitMix64 } from "../../lib/assembly/random";
import { anneal, canonical, Cities } from "./anneal";

if (process.argv.length < 3) fail("usage: tsp seed iterations (cities in /in/cities.csv)");
const random = new SplitMix64(argSeed(1, 1));
const iterations = argInt(2, 100000);
if (iterations < 0) fail("iterations must be >= 0");

const rows = parseCsv(readText("/in/cities.csv"));
const first = rows.length > 0 && !isNumber(rows[0][0]) ? 1 : 0; // skip a header row
const n = rows.length - first;
if (n < 1) fail("cities.csv holds no cities");
const cities = new Cities(new Float64Array(n), new Float64Array(n));
for (let i = 0; i < n; i++) {
  cities.x[i] = numberAt(rows[first + i], 0, first + i + 1, "cities.csv");
  cities.y[i] = numberAt(rows[first + i], 1, first + i + 1, "cities.csv");
}

const initial = new Int32Array(n);
for (let i = 0; i < n; i++) initial[i] = i;
const initialLength = cities.tourLength(initial);
const tour = canonical(anneal(cities, iterations, random));
const indices: string[] = [];
for (let i = 0; i < n; i++) indices.push(tour[i].toString());
console.log(`{"cities":${n},"iterations":${iterations},"initialLength":${initialLength},"length":${cities.tourLength(tour)},"tour":[${indices.join(",")}]}`);
