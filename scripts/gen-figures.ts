// The figures of docs/method.md, drawn from the code's own objects so they
// cannot disagree with it: the Tanner graph of Hamming(7,4) with the two
// messages of one edge, and the teacher/student iterations that distillation
// links. spec/docs/figures.spec.ts fails when the committed SVGs are stale.
// Usage: node --import tsx scripts/gen-figures.ts   (writes docs/figures/*.svg)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parityCheck } from '../src/codes/parity-check.js';
import { tannerGraph } from '../src/codes/tanner-graph.js';
import { packageRoot } from '../src/util/package-root.js';

export const figuresDir = join(packageRoot(), 'docs', 'figures');

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, extra = ''): string =>
  `<text x="${x}" y="${y}" text-anchor="middle" ${extra}>${esc(s)}</text>`;
const svgDoc = (w: number, h: number, body: string[]): string =>
  [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="13">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');

/**
 * The Tanner graph of Hamming(7,4) (checks on top, variables below), with the
 * edge (c0, v1) highlighted: mu_{v1->c0} goes up, nu_{c0->v1} comes down, and
 * the other edges of c0 (whose |mu| give the extrinsic minimum) are marked.
 */
export const tannerGraphSvg = (): string => {
  const h = parityCheck(7, [
    [0, 1, 2, 4],
    [1, 2, 3, 5],
    [0, 1, 3, 6],
  ]);
  const g = tannerGraph(h);
  const W = 560;
  const vx = (v: number) => 60 + v * 73;
  const cx = (c: number) => 130 + c * 150;
  const [cy, vy] = [70, 250];
  const focusC = 0;
  const focusV = 1;
  const body: string[] = [];
  body.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>');
  for (let e = 0; e < g.edges; e++) {
    const c = g.checkOfE[e];
    const v = g.varOfE[e];
    const focus = c === focusC && v === focusV;
    const extrinsic = c === focusC && v !== focusV;
    const colour = focus ? '#c0392b' : extrinsic ? '#2471a3' : '#bbb';
    body.push(`<line x1="${cx(c)}" y1="${cy + 16}" x2="${vx(v)}" y2="${vy - 16}" stroke="${colour}" stroke-width="${focus || extrinsic ? 2.5 : 1.2}"/>`);
  }
  for (let c = 0; c < g.m; c++) {
    body.push(`<rect x="${cx(c) - 16}" y="${cy - 16}" width="32" height="32" fill="${c === focusC ? '#fdebd0' : '#eee'}" stroke="#333"/>`);
    body.push(text(cx(c), cy + 5, `c${c}`));
  }
  for (let v = 0; v < g.n; v++) {
    body.push(`<circle cx="${vx(v)}" cy="${vy}" r="16" fill="${v === focusV ? '#fdebd0' : '#eee'}" stroke="#333"/>`);
    body.push(text(vx(v), vy + 5, `v${v}`));
    body.push(text(vx(v), vy + 38, `l${v}`, 'fill="#555" font-size="12"'));
  }
  // the two messages of the highlighted edge, drawn beside it
  const [x1, y1, x2, y2] = [cx(focusC), cy + 16, vx(focusV), vy - 16];
  const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
  const off = 16;
  body.push(`<line x1="${mx - off}" y1="${my + 40}" x2="${mx - off}" y2="${my - 10}" stroke="#333" marker-end="url(#arrow)"/>`);
  const halo = 'paint-order="stroke" stroke="white" stroke-width="5"';
  body.push(`<text x="${mx - off - 6}" y="${my + 20}" text-anchor="end" fill="#c0392b" ${halo}>μ v1→c0</text>`);
  body.push(`<line x1="${mx + off}" y1="${my - 30}" x2="${mx + off}" y2="${my + 20}" stroke="#333" marker-end="url(#arrow)"/>`);
  body.push(`<text x="${mx + off + 6}" y="${my - 5}" fill="#c0392b" ${halo}>ν c0→v1</text>`);
  body.push(text(W / 2, 22, 'Hamming(7,4): 3 checks, 7 variables, E = 12 edges (one per 1 of H)', 'font-weight="bold"'));
  body.push(
    text(W / 2, 318, 'ν c0→v1 = w · (product of the signs) · (minimum of |μ|) over the blue edges: the other edges of c0', 'font-size="12"'),
  );
  return svgDoc(W, 330, body);
};

/**
 * Distillation across iterations: the teacher (min-sum, T = 30) and the
 * student (neural min-sum, T = 5); student iteration t imitates teacher
 * iteration t + t0 (t0 = 25), the sparse loss acts on the student's
 * messages, the cross-entropy on its soft outputs.
 */
export const distillationSvg = (teacherT = 30, studentT = 5): string => {
  const t0 = teacherT - studentT;
  const W = 760;
  const cell = (W - 80) / teacherT;
  const tx = (t: number) => 60 + (t - 1) * cell;
  const sx = (t: number) => tx(t + t0);
  const [ty, sy] = [60, 170];
  const body: string[] = [];
  body.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#2471a3"/></marker></defs>');
  body.push(`<text x="12" y="${ty + 14}" font-weight="bold">teacher</text>`);
  body.push(`<text x="12" y="${sy + 14}" font-weight="bold">student</text>`);
  for (let t = 1; t <= teacherT; t++) {
    const distilled = t > t0;
    body.push(`<rect x="${tx(t) + 2}" y="${ty}" width="${cell - 4}" height="22" fill="${distilled ? '#d6eaf8' : '#eee'}" stroke="#888"/>`);
    if (t === 1 || t % 5 === 0 || distilled) body.push(text(tx(t) + cell / 2, ty - 6, String(t), 'font-size="11" fill="#555"'));
  }
  for (let t = 1; t <= studentT; t++) {
    body.push(`<rect x="${sx(t) + 2}" y="${sy}" width="${cell - 4}" height="22" fill="#fdebd0" stroke="#333"/>`);
    body.push(text(sx(t) + cell / 2, sy + 38, String(t), 'font-size="11" fill="#555"'));
    body.push(`<line x1="${tx(t + t0) + cell / 2}" y1="${ty + 24}" x2="${sx(t) + cell / 2}" y2="${sy - 4}" stroke="#2471a3" marker-end="url(#arrow)"/>`);
  }
  body.push(text(tx(t0 + 1) - 150, (ty + sy) / 2 + 4, `L_kd: student t imitates teacher t + t0, t0 = ${t0}`, 'fill="#2471a3"'));
  body.push(text(tx(1) + (cell * teacherT) / 2, ty - 24, `min-sum, ${teacherT} iterations, no gradient (its check messages ν^T(t))`, 'font-size="12"'));
  body.push(text(W / 2, sy + 64, `student: neural min-sum, ${studentT} iterations (the whole cost at test time), trained with`, 'font-size="12"'));
  body.push(text(W / 2, sy + 82, 'L_ce on its soft outputs s(t), L_kd above, and the sparse loss L_S = ‖ν^S(t)‖_p + ‖μ^S(t)‖_p on its messages', 'font-size="12"'));
  return svgDoc(W, 270, body);
};

export const FIGURES: Readonly<Record<string, () => string>> = {
  'tanner-graph.svg': tannerGraphSvg,
  'distillation.svg': () => distillationSvg(),
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(figuresDir, { recursive: true });
  for (const [name, draw] of Object.entries(FIGURES)) writeFileSync(join(figuresDir, name), draw());
  process.stdout.write(`wrote ${Object.keys(FIGURES).join(', ')} in ${figuresDir}\n`);
}
