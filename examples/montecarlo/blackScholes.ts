/**
 * Closed-form Black-Scholes prices of European options: the independent
 * reference the montecarlo app is tested against.
 * @example
 * blackScholes({ spot: 100, strike: 100, rate: 0.05, volatility: 0.2, maturity: 1, option: 'call' }) // ≈ 10.4506
 */
export function blackScholes({
  spot,
  strike,
  rate,
  volatility,
  maturity,
  option,
}: {
  spot: number;
  strike: number;
  rate: number;
  volatility: number;
  maturity: number;
  option: 'call' | 'put';
}): number {
  const sigmaRootT = volatility * Math.sqrt(maturity);
  const d1 = (Math.log(spot / strike) + (rate + (volatility * volatility) / 2) * maturity) / sigmaRootT;
  const d2 = d1 - sigmaRootT;
  const discountedStrike = strike * Math.exp(-rate * maturity);
  return option === 'call'
    ? spot * normalCdf(d1) - discountedStrike * normalCdf(d2)
    : discountedStrike * normalCdf(-d2) - spot * normalCdf(-d1);
}

/** Standard normal CDF via erfc (W. J. Cody's rational Chebyshev fit as in Numerical Recipes, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}
