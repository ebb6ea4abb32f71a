/**
 * Self-contained SVG charts for reports: error-rate curves on a log10 axis
 * and coding-gain bar charts. Pure functions: data in, SVG text out.
 *
 * Every coordinate written goes through {@link coord}, which refuses
 * non-finite numbers, so the output never contains "NaN" or "Infinity".
 */

import { decadeRange, linearAxis } from './axis.js';

/** One point of a curve; `lo`/`hi` draw a vertical interval bar (e.g. a 95% CI). */
export interface PlotPoint {
  readonly x: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
}

/** One labelled curve. */
export interface PlotSeries {
  readonly label: string;
  readonly points: readonly PlotPoint[];
}

/** Titles and size of a chart (pixels; defaults 760 x 480). */
export interface PlotOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
}

/** One bar of a gain chart: gain in dB and an optional spread (whisker from spreadLo to spreadHi). */
export interface GainItem {
  readonly label: string;
  readonly gain: number;
  readonly spreadLo?: number;
  readonly spreadHi?: number;
}

/**
 * Okabe-Ito palette (distinguishable under the common colour-vision
 * deficiencies); yellow is left out as it vanishes on white.
 */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** Marker shapes, cycled independently of colours so series differ in two ways. */
export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus', 'star'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

/** Line dashes of the first, second and third round through the colours (solid, dashed, dotted). */
export const LINE_DASHES = [null, '7 4', '2 3'] as const;

/**
 * The look of series i: colour, marker and dash. The colours and shapes have
 * the same period, so each round through them shifts the shapes by one and
 * changes the dash: series i and i + 7 never look alike (an ablation plots 8).
 */
export const seriesStyle = (i: number): { readonly colour: string; readonly shape: MarkerShape; readonly dash: string | null } => {
  const round = Math.floor(i / SERIES_COLOURS.length);
  return {
    colour: SERIES_COLOURS[i % SERIES_COLOURS.length],
    shape: MARKER_SHAPES[(i + round) % MARKER_SHAPES.length],
    dash: LINE_DASHES[round % LINE_DASHES.length],
  };
};

/** Width of one character of an 11 px Helvetica/Arial label, an upper estimate for layout. */
const LABEL_CHAR_PX = 6.2;

/** Escape text for XML content and attribute values. */
export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** A coordinate rounded to 0.01 px; throws on a non-finite value (a bug upstream, never written out). */
const coord = (v: number): string => {
  if (!Number.isFinite(v)) throw new Error(`svg-plot: non-finite coordinate ${v}`);
  const r = Math.round(v * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
};

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** SVG path of a marker of the given shape centred at (cx, cy) with half-size r. */
const markerSvg = (shape: MarkerShape, cx: number, cy: number, r: number, colour: string): string => {
  const fill = `fill="${colour}" stroke="${colour}"`;
  const poly = (pts: readonly (readonly [number, number])[]): string =>
    `<polygon points="${pts.map(([x, y]) => `${coord(cx + x)},${coord(cy + y)}`).join(' ')}" ${fill}/>`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${coord(cx)}" cy="${coord(cy)}" r="${coord(r)}" ${fill}/>`;
    case 'square':
      return `<rect x="${coord(cx - r * 0.85)}" y="${coord(cy - r * 0.85)}" width="${coord(1.7 * r)}" height="${coord(1.7 * r)}" ${fill}/>`;
    case 'triangle':
      return poly([[0, -r * 1.15], [r, r * 0.8], [-r, r * 0.8]]);
    case 'diamond':
      return poly([[0, -r * 1.2], [r, 0], [0, r * 1.2], [-r, 0]]);
    case 'cross':
    case 'plus': {
      const d = shape === 'cross' ? r * 0.9 : r * 1.1;
      const [a, b] = shape === 'cross' ? [[-d, -d, d, d], [-d, d, d, -d]] : [[-d, 0, d, 0], [0, -d, 0, d]];
      const seg = (s: readonly number[]): string =>
        `<line x1="${coord(cx + s[0])}" y1="${coord(cy + s[1])}" x2="${coord(cx + s[2])}" y2="${coord(cy + s[3])}" stroke="${colour}" stroke-width="2"/>`;
      return `<g>${seg(a)}${seg(b)}</g>`;
    }
    case 'star': {
      const pts: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const rad = i % 2 === 0 ? r * 1.25 : r * 0.55;
        const ang = -Math.PI / 2 + (i * Math.PI) / 5;
        pts.push([rad * Math.cos(ang), rad * Math.sin(ang)]);
      }
      return poly(pts);
    }
  }
};

/** Down-pointing hollow triangle: "the value is at most here" (zero observed errors). */
const upperBoundMarker = (cx: number, cy: number, r: number, colour: string): string =>
  `<polygon points="${coord(cx - r)},${coord(cy - r)} ${coord(cx + r)},${coord(cy - r)} ${coord(cx)},${coord(cy + r * 0.9)}" fill="white" stroke="${colour}" stroke-width="1.5"/>`;

/** Text of the decade label 10^k: "1" for k = 0, "10" for k = 1, else 10 with a superscript. */
const decadeLabel = (k: number, x: number, y: number): string => {
  const base = `x="${coord(x)}" y="${coord(y)}" text-anchor="end" dominant-baseline="middle" font-size="12" ${FONT}`;
  if (k === 0) return `<text ${base}>1</text>`;
  if (k === 1) return `<text ${base}>10</text>`;
  return `<text ${base}>10<tspan dy="-0.45em" font-size="9">${k}</tspan></text>`;
};

/** Format a tick value without float noise (0.3, not 0.30000000000000004). */
const tickText = (v: number): string => String(Number(v.toPrecision(10)));

/** The frame shared by both charts: background, title, axis labels. */
const frame = (opts: PlotOptions, width: number, height: number, plotLeft: number, plotTop: number, plotW: number, plotH: number): string[] => [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${coord(width)}" height="${coord(height)}" viewBox="0 0 ${coord(width)} ${coord(height)}">`,
  `<title>${escapeXml(opts.title)}</title>`,
  `<rect x="0" y="0" width="${coord(width)}" height="${coord(height)}" fill="white"/>`,
  `<text x="${coord(plotLeft + plotW / 2)}" y="24" text-anchor="middle" font-size="16" font-weight="bold" ${FONT}>${escapeXml(opts.title)}</text>`,
  `<text x="${coord(plotLeft + plotW / 2)}" y="${coord(height - 12)}" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(opts.xLabel)}</text>`,
  `<text transform="translate(18 ${coord(plotTop + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="13" ${FONT}>${escapeXml(opts.yLabel)}</text>`,
];

/**
 * Error-rate curves (BER or FER versus Eb/N0) as a standalone SVG document.
 *
 * - y axis: log10, whole decades, major gridlines and labels at 10^k, minor at
 *   2..9 x 10^k; x axis: linear with 1/2/5 x 10^k ticks.
 * - one polyline plus one marker per finite positive point for each series
 *   (Okabe-Ito colours, distinct marker shapes), a vertical bar from `lo` to
 *   `hi` when given (a `lo` <= 0 is drawn down to the bottom of the axis).
 * - a point with y <= 0 (zero errors) is never put on the log axis: it is drawn
 *   as a hollow down-pointing triangle at `hi` (its upper bound) if `hi` > 0,
 *   and skipped otherwise. Points with non-finite x are skipped.
 * - legend box at the right, title on top; all text XML-escaped.
 *
 * @example
 * ```ts
 * import { berPlotSvg } from 'tanner';
 * import assert from 'node:assert/strict';
 * const svg = berPlotSvg(
 *   [{ label: 'min-sum T=5', points: [{ x: 3, y: 2e-2 }, { x: 5, y: 1e-3 }] }],
 *   { title: 'BCH(63,45)', xLabel: 'Eb/N0 (dB)', yLabel: 'BER' },
 * );
 * assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
 * assert.ok(svg.includes('min-sum T=5'));
 * ```
 */
export const berPlotSvg = (series: readonly PlotSeries[], opts: PlotOptions): string => {
  const width = opts.width ?? 760;
  const height = opts.height ?? 480;
  // Legend text starts 42 px into the box; ~6.6 px per character at font-size 12.
  const legendW = Math.min(320, Math.max(120, 52 + 6.6 * Math.max(0, ...series.map((s) => s.label.length))));
  const plotLeft = 72;
  const plotTop = 40;
  const plotW = Math.max(100, width - plotLeft - legendW - 24);
  const plotH = Math.max(100, height - plotTop - 60);

  const finiteX = (p: PlotPoint): boolean => Number.isFinite(p.x);
  const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;
  const allPoints = series.flatMap((s) => s.points.filter(finiteX));
  const xs = allPoints.map((p) => p.x);
  const xAxis = linearAxis(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 7);
  const yValues = allPoints.flatMap((p) => [p.y, p.lo ?? NaN, p.hi ?? NaN]);
  const decades = decadeRange(yValues);

  const px = (x: number): number => plotLeft + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plotW;
  const py = (y: number): number => plotTop + ((decades.hi - Math.log10(y)) / (decades.hi - decades.lo)) * plotH;
  const bottom = plotTop + plotH;

  const out = frame(opts, width, height, plotLeft, plotTop, plotW, plotH);
  // Grid: minor then major, so major lines draw on top.
  const grid: string[] = [];
  for (let k = decades.lo; k < decades.hi; k++) {
    for (let m = 2; m <= 9; m++) {
      const y = py(m * 10 ** k);
      grid.push(`<line x1="${coord(plotLeft)}" y1="${coord(y)}" x2="${coord(plotLeft + plotW)}" y2="${coord(y)}" stroke="#eeeeee" stroke-width="1"/>`);
    }
  }
  for (let k = decades.lo; k <= decades.hi; k++) {
    const y = py(10 ** k);
    grid.push(`<line x1="${coord(plotLeft)}" y1="${coord(y)}" x2="${coord(plotLeft + plotW)}" y2="${coord(y)}" stroke="#cccccc" stroke-width="1"/>`);
    grid.push(decadeLabel(k, plotLeft - 6, y));
  }
  for (const t of xAxis.ticks) {
    const x = px(t);
    grid.push(`<line x1="${coord(x)}" y1="${coord(plotTop)}" x2="${coord(x)}" y2="${coord(bottom)}" stroke="#e4e4e4" stroke-width="1"/>`);
    grid.push(`<line x1="${coord(x)}" y1="${coord(bottom)}" x2="${coord(x)}" y2="${coord(bottom + 5)}" stroke="#333333"/>`);
    grid.push(`<text x="${coord(x)}" y="${coord(bottom + 18)}" text-anchor="middle" font-size="12" ${FONT}>${escapeXml(tickText(t))}</text>`);
  }
  out.push(`<g class="grid">${grid.join('')}</g>`);
  out.push(`<rect x="${coord(plotLeft)}" y="${coord(plotTop)}" width="${coord(plotW)}" height="${coord(plotH)}" fill="none" stroke="#333333"/>`);

  const legend: string[] = [];
  series.forEach((s, i) => {
    const { colour, shape, dash } = seriesStyle(i);
    const dashAttr = dash === null ? '' : ` stroke-dasharray="${dash}"`;
    const pts = s.points.filter(finiteX).slice().sort((a, b) => a.x - b.x);
    const onAxis = pts.filter((p) => positive(p.y));
    const parts: string[] = [];
    parts.push(
      `<polyline points="${onAxis.map((p) => `${coord(px(p.x))},${coord(py(p.y))}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dashAttr}/>`,
    );
    for (const p of pts) {
      const x = px(p.x);
      if (positive(p.hi) && (p.lo !== undefined || !positive(p.y))) {
        const yTop = py(p.hi);
        const yBot = positive(p.lo) ? py(p.lo) : bottom;
        parts.push(`<line x1="${coord(x)}" y1="${coord(yTop)}" x2="${coord(x)}" y2="${coord(yBot)}" stroke="${colour}" stroke-width="1.2"/>`);
        parts.push(`<line x1="${coord(x - 4)}" y1="${coord(yTop)}" x2="${coord(x + 4)}" y2="${coord(yTop)}" stroke="${colour}" stroke-width="1.2"/>`);
        if (positive(p.lo)) {
          parts.push(`<line x1="${coord(x - 4)}" y1="${coord(yBot)}" x2="${coord(x + 4)}" y2="${coord(yBot)}" stroke="${colour}" stroke-width="1.2"/>`);
        }
      }
      if (positive(p.y)) parts.push(markerSvg(shape, x, py(p.y), 4, colour));
      else if (positive(p.hi)) parts.push(upperBoundMarker(x, py(p.hi), 5, colour));
    }
    out.push(`<g class="series">${parts.join('')}</g>`);

    const ly = plotTop + 20 + i * 20;
    const lx = plotLeft + plotW + 24;
    legend.push(`<line x1="${coord(lx)}" y1="${coord(ly)}" x2="${coord(lx + 24)}" y2="${coord(ly)}" stroke="${colour}" stroke-width="2"${dashAttr}/>`);
    legend.push(markerSvg(shape, lx + 12, ly, 4, colour));
    legend.push(`<text x="${coord(lx + 32)}" y="${coord(ly)}" dominant-baseline="middle" font-size="12" ${FONT}>${escapeXml(s.label)}</text>`);
  });
  if (series.length > 0) {
    const boxX = plotLeft + plotW + 14;
    out.push(
      `<g class="legend"><rect x="${coord(boxX)}" y="${coord(plotTop + 4)}" width="${coord(legendW)}" height="${coord(series.length * 20 + 12)}" fill="white" stroke="#999999"/>${legend.join('')}</g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
};

/**
 * Bar chart of coding gains in dB, one bar per item (blue for gain >= 0,
 * vermilion for a loss), with a whisker from `spreadLo` to `spreadHi` when both
 * are given, a dashed zero line, and the value printed at each bar. An item
 * whose gain is not finite (no crossing) gets its label and "n/a" but no bar.
 *
 * @example
 * ```ts
 * import { gainBarSvg } from 'tanner';
 * import assert from 'node:assert/strict';
 * const svg = gainBarSvg(
 *   [{ label: 'method', gain: 0.4, spreadLo: 0.2, spreadHi: 0.6 }, { label: 'kd', gain: -0.1 }],
 *   { title: 'Gain at BER 1e-4', xLabel: '', yLabel: 'gain (dB)' },
 * );
 * assert.match(svg, /^<svg/);
 * assert.ok(svg.includes('method') && svg.includes('kd'));
 * ```
 */
export const gainBarSvg = (items: readonly GainItem[], opts: PlotOptions): string => {
  // The variant labels hang below the axis at -30 degrees, each ending under its bar: the
  // margins below and to the left grow with the longest label so none runs into the
  // axis title or off the canvas (width estimated at LABEL_CHAR_PX per character).
  const run = (it: GainItem): number => it.label.length * LABEL_CHAR_PX;
  const labelDrop = 14 + 0.5 * Math.max(0, ...items.map(run)); // sin 30 = 0.5
  const firstSlot = 90;
  const labelReach = Math.max(0, ...items.map((it, i) => 0.87 * run(it) - firstSlot * (i + 0.5))); // cos 30
  const plotLeft = Math.max(72, labelReach + 8);
  const plotTop = 40;
  const width = opts.width ?? Math.max(360, plotLeft + 24 + firstSlot * items.length);
  const height = opts.height ?? Math.round(plotTop + 270 + labelDrop + 36);
  const plotW = Math.max(100, width - plotLeft - 24);
  const plotH = Math.max(100, height - plotTop - labelDrop - 36);
  const bottom = plotTop + plotH;

  const vals = items.flatMap((it) => [it.gain, it.spreadLo ?? NaN, it.spreadHi ?? NaN]).filter(Number.isFinite);
  const yAxis = linearAxis(Math.min(0, ...vals), Math.max(0, ...vals), 6);
  const py = (v: number): number => plotTop + ((yAxis.max - v) / (yAxis.max - yAxis.min)) * plotH;
  const slot = plotW / Math.max(1, items.length);
  const barW = Math.min(60, slot * 0.6);

  const out = frame(opts, width, height, plotLeft, plotTop, plotW, plotH);
  const grid: string[] = [];
  for (const t of yAxis.ticks) {
    const y = py(t);
    grid.push(`<line x1="${coord(plotLeft)}" y1="${coord(y)}" x2="${coord(plotLeft + plotW)}" y2="${coord(y)}" stroke="#e4e4e4"/>`);
    grid.push(`<text x="${coord(plotLeft - 6)}" y="${coord(y)}" text-anchor="end" dominant-baseline="middle" font-size="12" ${FONT}>${escapeXml(tickText(t))}</text>`);
  }
  out.push(`<g class="grid">${grid.join('')}</g>`);
  out.push(`<rect x="${coord(plotLeft)}" y="${coord(plotTop)}" width="${coord(plotW)}" height="${coord(plotH)}" fill="none" stroke="#333333"/>`);

  const bars: string[] = [];
  items.forEach((it, i) => {
    const cx = plotLeft + slot * (i + 0.5);
    if (Number.isFinite(it.gain)) {
      const colour = it.gain >= 0 ? SERIES_COLOURS[0] : SERIES_COLOURS[1];
      const yTop = py(Math.max(0, it.gain));
      const yBot = py(Math.min(0, it.gain));
      bars.push(`<rect x="${coord(cx - barW / 2)}" y="${coord(yTop)}" width="${coord(barW)}" height="${coord(Math.max(0, yBot - yTop))}" fill="${colour}" fill-opacity="0.85"/>`);
      const lo = it.spreadLo;
      const hi = it.spreadHi;
      if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
        const [a, b] = [py(hi), py(lo)];
        bars.push(`<line x1="${coord(cx)}" y1="${coord(a)}" x2="${coord(cx)}" y2="${coord(b)}" stroke="#333333" stroke-width="1.5"/>`);
        bars.push(`<line x1="${coord(cx - 6)}" y1="${coord(a)}" x2="${coord(cx + 6)}" y2="${coord(a)}" stroke="#333333" stroke-width="1.5"/>`);
        bars.push(`<line x1="${coord(cx - 6)}" y1="${coord(b)}" x2="${coord(cx + 6)}" y2="${coord(b)}" stroke="#333333" stroke-width="1.5"/>`);
      }
      // Print the value beyond the bar end and its whisker, so neither covers it.
      const textY =
        it.gain >= 0
          ? Math.min(yTop, hi !== undefined && Number.isFinite(hi) ? py(hi) : yTop) - 6
          : Math.max(yBot, lo !== undefined && Number.isFinite(lo) ? py(lo) : yBot) + 14;
      bars.push(`<text x="${coord(cx)}" y="${coord(textY)}" text-anchor="middle" font-size="11" ${FONT}>${escapeXml(`${it.gain >= 0 ? '+' : ''}${it.gain.toFixed(2)}`)}</text>`);
    } else {
      bars.push(`<text x="${coord(cx)}" y="${coord(py(0) - 6)}" text-anchor="middle" font-size="11" fill="#666666" ${FONT}>n/a</text>`);
    }
    bars.push(
      `<text transform="translate(${coord(cx)} ${coord(bottom + 14)}) rotate(-30)" text-anchor="end" font-size="11" ${FONT}>${escapeXml(it.label)}</text>`,
    );
  });
  out.push(`<g class="bars">${bars.join('')}</g>`);
  const y0 = py(0);
  out.push(`<line x1="${coord(plotLeft)}" y1="${coord(y0)}" x2="${coord(plotLeft + plotW)}" y2="${coord(y0)}" stroke="#000000" stroke-width="1.2" stroke-dasharray="5 3"/>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
};
