export type Estimate = { index: number; estimate: number; lo: number; hi: number };

/** An SVG plot of per-task estimates with their 95% intervals (rendered in the page, no library). */
export function EstimatePlot({ estimates }: { estimates: Estimate[] }) {
  if (estimates.length === 0) return null;
  const W = 480;
  const H = 200;
  const pad = 36;
  const lo = Math.min(...estimates.map((e) => e.lo));
  const hi = Math.max(...estimates.map((e) => e.hi));
  const y = (v: number) => H - pad - ((v - lo) / (hi - lo || 1)) * (H - 2 * pad);
  const x = (i: number) => pad + ((i + 0.5) / estimates.length) * (W - 2 * pad);
  return (
    <figure>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Estimate per task with its 95% interval, ${estimates.length} tasks`}
        className="plot"
      >
        <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} stroke="currentColor" />
        <line x1={pad} y1={pad} x2={pad} y2={H - pad} stroke="currentColor" />
        <text x={4} y={y(hi) + 4} fontSize="11">
          {hi.toFixed(2)}
        </text>
        <text x={4} y={y(lo) + 4} fontSize="11">
          {lo.toFixed(2)}
        </text>
        {estimates.map((e, i) => (
          <g key={e.index}>
            <line x1={x(i)} x2={x(i)} y1={y(e.lo)} y2={y(e.hi)} stroke="#2563eb" strokeWidth="2" />
            <circle cx={x(i)} cy={y(e.estimate)} r="4" fill="#1d4ed8" />
            <text x={x(i)} y={H - pad + 16} fontSize="11" textAnchor="middle">
              task {e.index}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>Estimate per task with its 95% confidence interval</figcaption>
    </figure>
  );
}
