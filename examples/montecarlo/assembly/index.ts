// montecarlo: prices a European option by Monte Carlo under Black-Scholes dynamics.
// args: spot strike rate volatility maturityYears samples seed [call|put]
// stdout: {"option","estimate","stderr","ci95":[lo,hi],"samples","sum","sumSquares"}
// (sum and sumSquares of the discounted payoffs let a bag of tasks pool its estimates exactly)
import { argFloat, argInt, argSeed, fail } from "../../lib/assembly/cli";
import { SplitMix64 } from "../../lib/assembly/random";

if (process.argv.length < 8) fail("usage: montecarlo spot strike rate volatility maturityYears samples seed [call|put]");
const spot = argFloat(1, 100);
const strike = argFloat(2, 100);
const rate = argFloat(3, 0.05);
const volatility = argFloat(4, 0.2);
const maturity = argFloat(5, 1);
const samples = argInt(6, 100000);
const random = new SplitMix64(argSeed(7, 1));
const kind = process.argv.length > 8 ? process.argv[8] : "call";
if (spot <= 0 || strike <= 0 || volatility <= 0 || maturity <= 0 || samples < 2) fail("spot, strike, volatility, maturity must be > 0 and samples >= 2");
if (kind != "call" && kind != "put") fail("option must be call or put, got " + kind);
const isCall = kind == "call";

// S_T = S_0 exp((r - sigma^2/2) T + sigma sqrt(T) Z), payoff discounted by exp(-r T).
const drift = (rate - 0.5 * volatility * volatility) * maturity;
const diffusion = volatility * Math.sqrt(maturity);
const discount = Math.exp(-rate * maturity);

function discountedPayoff(z: f64): f64 {
  const terminal = spot * Math.exp(drift + diffusion * z);
  const payoff = isCall ? terminal - strike : strike - terminal;
  return payoff > 0 ? payoff * discount : 0;
}

// Box-Muller gives two independent normals per pair of uniforms; both are used.
let sum: f64 = 0;
let sumSquares: f64 = 0;
for (let i = 0; i < samples; i += 2) {
  const u1 = 1.0 - random.nextFloat(); // in (0, 1]: log is finite
  const u2 = random.nextFloat();
  const radius = Math.sqrt(-2.0 * Math.log(u1));
  const angle = 2.0 * Math.PI * u2;
  const a = discountedPayoff(radius * Math.cos(angle));
  sum += a;
  sumSquares += a * a;
  if (i + 1 < samples) {
    const b = discountedPayoff(radius * Math.sin(angle));
    sum += b;
    sumSquares += b * b;
  }
}

const n = <f64>samples;
const estimate = sum / n;
const variance = (sumSquares - n * estimate * estimate) / (n - 1.0);
const standardError = Math.sqrt(variance > 0 ? variance / n : 0);
const halfWidth = 1.959963984540054 * standardError;
console.log(
  `{"option":"${kind}","estimate":${estimate},"stderr":${standardError},` +
  `"ci95":[${estimate - halfWidth},${estimate + halfWidth}],"samples":${samples},` +
  `"sum":${sum},"sumSquares":${sumSquares}}`,
);
