// Hand-written SVG line charts (no plotting library): x linear, y linear or log10.

export type Series = { label: string; color: string; points: { x: number; y: number }[] };
export type Panel = {
  title: string;
  series: Series[];
  xLabel: string;
  yLabel: string;
  xTicks: number[];
  /** log10 y axis from 10^yMinExp to 10^yMaxExp; values <= 0 are drawn as open markers on the floor. */
  log?: { minExp: number; maxExp: number; floorLabel: string };
  /** linear y axis from 0 to yMax */
  yMax?: number;
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmtTick = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''));

function panelSvg(p: Panel, ox: number, oy: number, w: number, h: number): string {
  const m = { l: 58, r: 10, t: 26, b: 40 };
  const pw = w - m.l - m.r;
  const ph = h - m.t - m.b;
  const x0 = Math.min(...p.xTicks);
  const x1 = Math.max(...p.xTicks);
  const X = (x: number) => ox + m.l + ((x - x0) / (x1 - x0)) * pw;
  const floorY = oy + m.t + ph; // bottom of plot; on a log axis, the band below 10^minExp holds zeros
  const band = p.log ? 18 : 0;
  const Y = (y: number): number => {
    if (p.log) {
      if (y <= 0) return floorY;
      const e = Math.max(p.log.minExp, Math.min(p.log.maxExp, Math.log10(y)));
      return oy + m.t + ((p.log.maxExp - e) / (p.log.maxExp - p.log.minExp)) * (ph - band);
    }
    return oy + m.t + (1 - y / (p.yMax ?? 1)) * ph;
  };
  const out: string[] = [];
  out.push(`<text x="${ox + m.l + pw / 2}" y="${oy + 16}" text-anchor="middle" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
  // grid and y ticks
  const yTicks: { v: number; label: string }[] = [];
  if (p.log) {
    for (let e = p.log.minExp; e <= p.log.maxExp; e++) yTicks.push({ v: 10 ** e, label: e === 0 ? '1' : `1e${e}` });
  } else {
    const step = (p.yMax ?? 1) / 5;
    for (let i = 0; i <= 5; i++) yTicks.push({ v: i * step, label: fmtTick(Math.round(i * step * 10) / 10) });
  }
  for (const t of yTicks) {
    const y = Y(t.v);
    out.push(`<line x1="${ox + m.l}" y1="${y}" x2="${ox + m.l + pw}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${ox + m.l - 4}" y="${y + 4}" text-anchor="end" font-size="10">${t.label}</text>`);
  }
  if (p.log) {
    out.push(`<text x="${ox + m.l - 4}" y="${floorY + 4}" text-anchor="end" font-size="10">${esc(p.log.floorLabel)}</text>`);
    out.push(`<line x1="${ox + m.l}" y1="${floorY}" x2="${ox + m.l + pw}" y2="${floorY}" stroke="#999" stroke-dasharray="3,3"/>`);
  }
  for (const t of p.xTicks) {
    const x = X(t);
    out.push(`<line x1="${x}" y1="${oy + m.t}" x2="${x}" y2="${floorY}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${floorY + 14}" text-anchor="middle" font-size="10">${fmtTick(t)}</text>`);
  }
  out.push(`<rect x="${ox + m.l}" y="${oy + m.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${ox + m.l + pw / 2}" y="${floorY + 32}" text-anchor="middle" font-size="11">${esc(p.xLabel)}</text>`);
  out.push(
    `<text x="${ox + 14}" y="${oy + m.t + ph / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 ${ox + 14} ${oy + m.t + ph / 2})">${esc(p.yLabel)}</text>`,
  );
  for (const s of p.series) {
    const pts = s.points.map((pt) => `${X(pt.x).toFixed(1)},${Y(pt.y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const pt of s.points) {
      const open = p.log && pt.y <= 0;
      out.push(
        `<circle cx="${X(pt.x).toFixed(1)}" cy="${Y(pt.y).toFixed(1)}" r="3.5" fill="${open ? 'white' : s.color}" stroke="${s.color}" stroke-width="1.5"><title>${esc(s.label)}: f=${pt.x}, ${pt.y}</title></circle>`,
      );
    }
  }
  return out.join('\n');
}

/** Panels side by side with one shared legend below. */
export function chartSvg(panels: Panel[], opts: { title: string; note: string; panelWidth?: number; panelHeight?: number }): string {
  const pw = opts.panelWidth ?? 330;
  const ph = opts.panelHeight ?? 300;
  const width = pw * panels.length + 20;
  const legend = panels[0]?.series ?? [];
  const height = ph + 90;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>`,
  ];
  panels.forEach((p, i) => {
    parts.push(panelSvg(p, 10 + i * pw, 24, pw, ph));
  });
  let lx = 70;
  const ly = ph + 44;
  for (const s of legend) {
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`);
    parts.push(`<circle cx="${lx + 11}" cy="${ly}" r="3.5" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 28}" y="${ly + 4}" font-size="11">${esc(s.label)}</text>`);
    lx += 34 + s.label.length * 6.5;
  }
  parts.push(`<text x="10" y="${ly + 28}" font-size="10" fill="#444">${esc(opts.note)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
