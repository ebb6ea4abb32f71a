import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { berPlotSvg, escapeXml, gainBarSvg, seriesStyle, type PlotSeries } from '../../src/report/svg-plot.js';

/**
 * A small well-formedness checker for the XML subset we emit: every tag is
 * `<name attr="..." ...>`, `</name>` or `<name .../>`, tags nest and close in
 * order, there is one root <svg>, attribute names are unique per tag, and `&`
 * only starts an entity. Throws with a description of the first problem.
 */
const checkWellFormed = (xml: string): void => {
  const tokens = xml.trim().match(/<[^>]*>|[^<]+/g) ?? [];
  const stack: string[] = [];
  let roots = 0;
  const badAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  for (const tok of tokens) {
    if (!tok.startsWith('<')) {
      if (stack.length === 0 && tok.trim() !== '') throw new Error(`text outside the root: ${tok}`);
      if (badAmp.test(tok)) throw new Error(`bare & in text: ${tok}`);
      if (tok.includes('>')) throw new Error(`bare > in text: ${tok}`);
      continue;
    }
    const close = /^<\/([A-Za-z][\w.:-]*)\s*>$/.exec(tok);
    if (close) {
      const open = stack.pop();
      if (open !== close[1]) throw new Error(`</${close[1]}> closes <${open}>`);
      continue;
    }
    const m = /^<([A-Za-z][\w.:-]*)((?:\s+[A-Za-z_:][\w.:-]*="[^"<]*")*)\s*(\/?)>$/.exec(tok);
    if (!m) throw new Error(`malformed tag: ${tok}`);
    const names = [...m[2].matchAll(/([A-Za-z_:][\w.:-]*)="([^"]*)"/g)].map((a) => {
      if (badAmp.test(a[2])) throw new Error(`bare & in attribute: ${tok}`);
      return a[1];
    });
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute: ${tok}`);
    if (stack.length === 0) roots += 1;
    if (m[3] !== '/') stack.push(m[1]);
  }
  if (stack.length !== 0) throw new Error(`unclosed tags: ${stack.join(', ')}`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
};

const count = (s: string, needle: RegExp): number => (s.match(needle) ?? []).length;

/** y pixel coordinates of the n-th polyline. */
const polylineYs = (svg: string, n: number): number[] => {
  const all = [...svg.matchAll(/<polyline points="([^"]*)"/g)];
  return all[n][1]
    .split(' ')
    .filter((p) => p !== '')
    .map((p) => Number(p.split(',')[1]));
};

const curve = (shiftDb: number): PlotSeries['points'] =>
  [1, 2, 3, 4, 5, 6].map((x) => {
    const y = 10 ** (-(x + shiftDb) / 1.5);
    return { x, y, lo: y * 0.8, hi: y * 1.25 };
  });

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    assert.equal(escapeXml(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
  });
});

describe('berPlotSvg', () => {
  const nasty = `CE + KD <sparse> & "T=5"`;
  const series: PlotSeries[] = [
    { label: 'min-sum T=5', points: curve(0) },
    { label: nasty, points: curve(0.8) },
    {
      label: 'with zero-error point',
      points: [
        { x: 1, y: 1e-2, lo: 8e-3, hi: 1.2e-2 },
        { x: 2, y: 1e-4, lo: 5e-5, hi: 2e-4 },
        { x: 3, y: 0, lo: 0, hi: 3e-6 },
      ],
    },
  ];
  const svg = berPlotSvg(series, { title: 'BER of BCH(63,45) & friends', xLabel: 'Eb/N0 [dB]', yLabel: 'BER' });

  it('is well-formed XML with an <svg> root', () => {
    checkWellFormed(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
  it('contains every label escaped and never raw', () => {
    for (const s of series) assert.ok(svg.includes(escapeXml(s.label)), `missing label ${s.label}`);
    assert.ok(!svg.includes('<sparse>'));
    assert.ok(svg.includes('BER of BCH(63,45) &amp; friends'));
  });
  it('draws one polyline per series, each in its own colour', () => {
    assert.equal(count(svg, /<polyline /g), series.length);
    const colours = [...svg.matchAll(/<polyline [^>]*stroke="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(colours).size, series.length);
  });
  it('never writes NaN or Infinity, and marks the zero-error point as an upper bound', () => {
    assert.ok(!/NaN|Infinity/.test(svg));
    // the zero point is off the polyline: 2 of its 3 points remain
    assert.equal(polylineYs(svg, 2).length, 2);
    assert.equal(count(svg, /<polygon [^>]*fill="white"/g), 1);
  });
  it('puts lower error rates lower on the page, evenly spaced per decade', () => {
    const ys = polylineYs(svg, 0);
    for (let i = 1; i < ys.length; i++) assert.ok(ys[i] > ys[i - 1], 'y pixel must grow as BER falls');
    // log10 BER drops by 1/1.5 per point, so pixel steps are equal (to rounding)
    const steps = ys.slice(1).map((y, i) => y - ys[i]);
    for (const s of steps) assert.ok(Math.abs(s - steps[0]) < 0.05, `uneven steps ${steps.join(',')}`);
  });
  it('labels every decade spanned by the data, including interval ends', () => {
    // largest: hi of the first curve at x=1 is 0.27 -> top decade 10^0; smallest:
    // the zero-error upper bound 3e-6 -> bottom decade 1e-6.
    for (let k = 1; k <= 6; k++) assert.ok(svg.includes(`>-${k}</tspan>`), `missing decade 1e-${k}`);
    assert.ok(!svg.includes('>-7</tspan>'));
    assert.ok(svg.includes('>1</text>'));
  });
  it('copes with degenerate input without NaN: no series, all-zero series, single point', () => {
    const cases: PlotSeries[][] = [
      [],
      [{ label: 'all zero', points: [{ x: 4, y: 0 }, { x: 5, y: 0, hi: 1e-6 }] }],
      [{ label: 'single', points: [{ x: 4, y: 1e-3 }] }],
      [{ label: 'bad x', points: [{ x: Number.NaN, y: 1e-3 }, { x: 2, y: 1e-2 }] }],
    ];
    for (const c of cases) {
      const out = berPlotSvg(c, { title: 't', xLabel: 'x', yLabel: 'y', width: 400, height: 300 });
      checkWellFormed(out);
      assert.ok(!/NaN|Infinity/.test(out), `NaN in ${JSON.stringify(c)}`);
      assert.equal(count(out, /<polyline /g), c.length);
    }
  });
});

describe('gainBarSvg', () => {
  const items = [
    { label: 'CE only', gain: 0.2, spreadLo: 0.1, spreadHi: 0.3 },
    { label: 'KD & sparse <new>', gain: 0.55 },
    { label: 'worse', gain: -0.15, spreadLo: -0.3, spreadHi: 0 },
    { label: 'no crossing', gain: Number.NaN },
  ];
  const svg = gainBarSvg(items, { title: 'Gain at BER 1e-4', xLabel: 'variant', yLabel: 'gain [dB]' });

  it('is well-formed, with escaped labels and no NaN', () => {
    checkWellFormed(svg);
    assert.ok(!/NaN|Infinity/.test(svg));
    for (const it of items) assert.ok(svg.includes(escapeXml(it.label)), `missing ${it.label}`);
  });
  it('draws a bar per finite gain, whiskers where a spread is given, and a dashed zero line', () => {
    assert.equal(count(svg, /fill-opacity="0.85"/g), 3);
    assert.equal(count(svg, /stroke="#333333" stroke-width="1.5"/g), 2 * 3);
    assert.equal(count(svg, /stroke-dasharray/g), 1);
    assert.ok(svg.includes('>n/a<'));
    assert.ok(svg.includes('>+0.55<') && svg.includes('>-0.15<'));
  });
  it('colours losses differently from gains', () => {
    const fills = [...svg.matchAll(/<rect [^>]*fill="(#[0-9A-Fa-f]+)" fill-opacity/g)].map((m) => m[1]);
    assert.deepEqual(fills.length, 3);
    assert.equal(fills[0], fills[1]);
    assert.notEqual(fills[0], fills[2]);
  });

  it('makes room for long variant labels: below the axis above the axis title, and inside the canvas on the left', () => {
    const long = "CE + KD + sparse, the paper's literal settings";
    const out = gainBarSvg([{ label: long, gain: -1.4 }, { label: 'KD only', gain: 0.13 }], { title: 't', xLabel: 'variant', yLabel: 'dB' });
    checkWellFormed(out);
    const frameRect = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"/.exec(out)!;
    const [plotLeft, plotBottom] = [Number(frameRect[1]), Number(frameRect[2]) + Number(frameRect[4])];
    const titleY = Number(/<text x="[\d.]+" y="([\d.]+)" text-anchor="middle" font-size="13"[^>]*>variant</.exec(out)![1]);
    const labelX = Number(/translate\(([\d.]+) [\d.]+\) rotate\(-30\)/.exec(out)![1]);
    const px = long.length * 6.2; // the layout's estimate of the label's length
    assert.ok(titleY > plotBottom + 14 + px * 0.5, `axis title at ${titleY}, label reaches ${plotBottom + 14 + px * 0.5}`);
    assert.ok(labelX - px * 0.87 >= 0, `label starts at ${labelX - px * 0.87}`);
    assert.ok(plotLeft >= 72);
  });
});

describe('series styles', () => {
  it('no two of the first 21 series look alike, and the second round of colours is dashed', () => {
    const styles = Array.from({ length: 21 }, (_, i) => seriesStyle(i));
    const keys = styles.map((st) => `${st.colour}/${st.shape}/${st.dash}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(styles[7].colour, styles[0].colour);
    assert.notEqual(styles[7].shape, styles[0].shape);
    assert.equal(styles[0].dash, null);
    assert.notEqual(styles[7].dash, null);
  });

  it('an eight-series plot draws the eighth curve and its legend line dashed', () => {
    const series: PlotSeries[] = Array.from({ length: 8 }, (_, i) => ({ label: `s${i}`, points: [{ x: 1, y: 0.1 / (i + 1) }, { x: 2, y: 0.01 / (i + 1) }] }));
    const svg = berPlotSvg(series, { title: 't', xLabel: 'x', yLabel: 'y' });
    checkWellFormed(svg);
    const dashed = svg.match(/stroke-dasharray="[^"]+"/g) ?? [];
    assert.equal(dashed.length, 2, 'the curve and its legend line');
  });
});
