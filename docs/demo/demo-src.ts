/**
 * The browser demo (docs/demo/index.html), bundled into demo.js by
 * scripts/build-demo.ts. It uses only the embeddable runtime `tanner/decode`.
 *
 * Query flags: `?auto=N` decodes N frames at once and stops (used by the
 * headless test), `?ebn0=x` sets Eb/N0 in dB, `?seed=s` the noise seed.
 * Results are mirrored in <output id="results"> as data attributes.
 */
import { allocateRecord, Code, codeFromAlist, countErrors, createDecoder, Decoder, rngStream, transmit } from '../../src/decode.js';

/** Frames decoded per animation tick. */
const BATCH = 25;

interface Counter {
  frames: number;
  bitErrors: number;
  frameErrors: number;
}

/** The last frame of a batch, decoded again with every iteration recorded. */
interface FrameTrace {
  readonly sent: Uint8Array;
  /** per decoder: c2v [E] and soft [n] per iteration */
  readonly c2v: Record<'neural' | 'plain', Float32Array[]>;
  readonly soft: Record<'neural' | 'plain', Float32Array[]>;
  /** largest |c2v| of each iteration over both decoders: the two decoders are drawn on one scale */
  readonly maxMessageT: Float64Array;
}

const byId = <T extends HTMLElement | SVGElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo: element #${id} is missing from the page`);
  return el as unknown as T;
};

const fetchText = async (url: string): Promise<string> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load ${url}: HTTP ${res.status}`);
  return res.text();
};

/** Same key as the simulator's snrKey: Eb/N0 to a non-negative integer (0.001 dB resolution). */
const snrKey = (ebn0Db: number): number => Math.round((ebn0Db + 100) * 1000);

const rate = (errors: number, total: number): string => (total === 0 ? '-' : (errors / total).toExponential(2));

const isPlaceholder = (weightsJson: string): boolean => {
  const w = JSON.parse(weightsJson) as { kind?: string; weight?: number[] | null; channel?: unknown };
  return w.kind === 'nnms' && Array.isArray(w.weight) && w.weight.every((x) => x === 1) && !w.channel;
};

const SVG_NS = 'http://www.w3.org/2000/svg';
const svgEl = (name: string, attrs: Record<string, string | number>): SVGElement => {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

/** The Tanner graph drawn once; `paint` recolours it for one iteration. */
const drawGraph = (svg: SVGSVGElement, code: Code) => {
  const { n, m, edges, varOfE, checkOfE } = code.graph;
  const width = 960;
  const xVar = (v: number): number => 20 + (v * (width - 40)) / Math.max(1, n - 1);
  const xCheck = (c: number): number => 60 + (c * (width - 120)) / Math.max(1, m - 1);
  const yCheck = 40;
  const yVar = 330;
  const edgeG = svgEl('g', {});
  const lines = Array.from({ length: edges }, (_, e) => {
    const line = svgEl('line', { x1: xCheck(checkOfE[e]), y1: yCheck, x2: xVar(varOfE[e]), y2: yVar, 'stroke-linecap': 'round' });
    edgeG.appendChild(line);
    return line;
  });
  const checks = Array.from({ length: m }, (_, c) => svgEl('rect', { x: xCheck(c) - 7, y: yCheck - 14, width: 14, height: 14 }));
  const vars = Array.from({ length: n }, (_, v) => svgEl('circle', { cx: xVar(v), cy: yVar + 6, r: 5 }));
  svg.append(
    edgeG,
    ...checks,
    ...vars,
    svgEl('text', { x: 8, y: 14, 'font-size': 12, fill: '#4a5568' }),
    svgEl('text', { x: 8, y: 372, 'font-size': 12, fill: '#4a5568' }),
  );
  const [topLabel, bottomLabel] = Array.from(svg.querySelectorAll('text'));
  topLabel.textContent = `${m} check nodes`;
  return (c2v: Float32Array, soft: Float32Array, sent: Uint8Array, maxMessage: number, caption: string): void => {
    for (let e = 0; e < edges; e++) {
      const r = maxMessage > 0 ? Math.min(1, Math.abs(c2v[e]) / maxMessage) : 0;
      lines[e].setAttribute('stroke', r === 0 ? '#cbd2dc' : '#2b6cb0');
      lines[e].setAttribute('stroke-width', (0.4 + 2.6 * r).toFixed(2));
      lines[e].setAttribute('stroke-opacity', (r === 0 ? 0.35 : 0.1 + 0.9 * r).toFixed(2));
    }
    for (let c = 0; c < m; c++) {
      let parity = 0;
      for (let e = code.graph.checkStartC[c]; e < code.graph.checkStartC[c + 1]; e++) if (soft[varOfE[e]] < 0) parity ^= 1;
      checks[c].setAttribute('fill', parity ? '#e53e3e' : '#2d3748');
    }
    let wrong = 0;
    for (let v = 0; v < n; v++) {
      const bad = (soft[v] < 0 ? 1 : 0) !== sent[v];
      wrong += bad ? 1 : 0;
      vars[v].setAttribute('fill', bad ? '#e53e3e' : '#2d3748');
    }
    bottomLabel.textContent = `${n} variable nodes; ${caption}: ${wrong} wrong bit${wrong === 1 ? '' : 's'}, largest |message| of both decoders ${maxMessage.toFixed(2)}`;
  };
};

const main = async (): Promise<void> => {
  const params = new URLSearchParams(location.search);
  const results = byId<HTMLOutputElement>('results');
  const [alistText, weightsText] = await Promise.all([fetchText('./bch-63-45.alist'), fetchText('./weights.json')]);
  const code = codeFromAlist(alistText, 'bch-63-45');
  const neural = createDecoder(code, weightsText);
  // The comparison runs the same number of iterations as the trained decoder.
  const decoders: Record<'neural' | 'plain', Decoder> = { neural, plain: createDecoder(code, { kind: 'ms', iterations: neural.iterations }) };
  const T = decoders.neural.iterations;
  if (isPlaceholder(weightsText)) {
    const notice = byId<HTMLParagraphElement>('notice');
    notice.hidden = false;
    notice.textContent = 'weights.json holds placeholder weights (all ones = plain min-sum); replace it with a file written by `tanner train` to see the trained decoder.';
  }
  byId('neural-label').textContent = decoders.neural.label;
  byId('plain-label').textContent = decoders.plain.label;

  const ebn0Input = byId<HTMLInputElement>('ebn0');
  const iterationInput = byId<HTMLInputElement>('iteration');
  const viewSelect = byId<HTMLSelectElement>('view');
  const runButton = byId<HTMLButtonElement>('run');
  iterationInput.max = String(T);
  iterationInput.value = String(T);
  if (params.has('ebn0')) ebn0Input.value = String(Number(params.get('ebn0')));
  const seed = Math.max(0, Math.floor(Number(params.get('seed') ?? 1)) || 0);
  const paint = drawGraph(byId<SVGSVGElement>('graph'), code);

  let counters: Record<'neural' | 'plain', Counter> = { neural: { frames: 0, bitErrors: 0, frameErrors: 0 }, plain: { frames: 0, bitErrors: 0, frameErrors: 0 } };
  let block = 0;
  let trace: FrameTrace | null = null;
  const ebn0 = (): number => Number(ebn0Input.value);

  const showCounters = (status: string): void => {
    for (const k of ['neural', 'plain'] as const) {
      const c = counters[k];
      byId(`${k}-frames`).textContent = String(c.frames);
      byId(`${k}-bit-errors`).textContent = String(c.bitErrors);
      byId(`${k}-ber`).textContent = rate(c.bitErrors, c.frames * code.n);
      byId(`${k}-frame-errors`).textContent = String(c.frameErrors);
      byId(`${k}-fer`).textContent = rate(c.frameErrors, c.frames);
    }
    const { neural, plain } = counters;
    const d = results.dataset;
    d.status = status;
    d.ebn0Db = String(ebn0());
    d.frames = String(neural.frames);
    d.berNeural = String(neural.frames ? neural.bitErrors / (neural.frames * code.n) : NaN);
    d.berPlain = String(plain.frames ? plain.bitErrors / (plain.frames * code.n) : NaN);
    d.ferNeural = String(neural.frames ? neural.frameErrors / neural.frames : NaN);
    d.ferPlain = String(plain.frames ? plain.frameErrors / plain.frames : NaN);
    results.textContent = `${status}: ${neural.frames} frames at ${ebn0().toFixed(1)} dB; BER neural ${rate(neural.bitErrors, neural.frames * code.n)}, min-sum ${rate(plain.bitErrors, plain.frames * code.n)}`;
  };

  const showGraph = (): void => {
    byId('iteration-value').textContent = `${iterationInput.value} / ${T}`;
    if (!trace) return;
    const view = viewSelect.value === 'plain' ? 'plain' : 'neural';
    const t = Number(iterationInput.value) - 1;
    paint(trace.c2v[view][t], trace.soft[view][t], trace.sent, trace.maxMessageT[t], `${decoders[view].label}, iteration ${t + 1}`);
  };

  /** Decode `frames` new frames with both decoders on the same noise, count errors, trace the last one. */
  const decodeBatch = (frames: number): void => {
    const batch = transmit(code, frames, ebn0(), 'random', rngStream(seed, snrKey(ebn0()), block++));
    const lastLlr = batch.llr.subarray((frames - 1) * code.n);
    const c2v = { neural: [] as Float32Array[], plain: [] as Float32Array[] };
    const soft = { neural: [] as Float32Array[], plain: [] as Float32Array[] };
    const maxMessageT = new Float64Array(T);
    for (const k of ['neural', 'plain'] as const) {
      const out = decoders[k].decode(batch.llr, frames);
      const counts = countErrors(batch.bits, out.hard, code.n);
      counters[k].frames += counts.frames;
      counters[k].bitErrors += counts.bitErrors;
      counters[k].frameErrors += counts.frameErrors;
      const record = allocateRecord(decoders[k], 1, { c2v: true, soft: true });
      decoders[k].decode(lastLlr, 1, { record });
      c2v[k] = record.c2v!;
      soft[k] = record.soft!;
      record.c2v!.forEach((msgs, t) => {
        for (const x of msgs) maxMessageT[t] = Math.max(maxMessageT[t], Math.abs(x));
      });
    }
    trace = { sent: batch.bits.slice((frames - 1) * code.n), c2v, soft, maxMessageT };
  };

  let running = false;
  const tick = (): void => {
    if (!running) return;
    decodeBatch(BATCH);
    showCounters('running');
    showGraph();
    setTimeout(tick, 30);
  };
  const setRunning = (on: boolean): void => {
    running = on;
    runButton.textContent = on ? 'Stop' : 'Start';
    if (on) tick();
    else showCounters('stopped');
  };
  const reset = (): void => {
    counters = { neural: { frames: 0, bitErrors: 0, frameErrors: 0 }, plain: { frames: 0, bitErrors: 0, frameErrors: 0 } };
    block = 0;
    showCounters(running ? 'running' : 'stopped');
  };

  ebn0Input.addEventListener('input', () => {
    byId('ebn0-value').textContent = `${ebn0().toFixed(1)} dB`;
    reset();
  });
  byId('ebn0-value').textContent = `${ebn0().toFixed(1)} dB`;
  runButton.addEventListener('click', () => setRunning(!running));
  byId('step').addEventListener('click', () => {
    decodeBatch(1);
    showCounters(running ? 'running' : 'stopped');
    showGraph();
  });
  byId('reset').addEventListener('click', reset);
  iterationInput.addEventListener('input', showGraph);
  viewSelect.addEventListener('change', showGraph);

  const auto = Math.floor(Number(params.get('auto') ?? 0));
  if (auto > 0) {
    // Headless runs: decode synchronously in batches, then report once.
    while (counters.neural.frames < auto) decodeBatch(Math.min(BATCH, auto - counters.neural.frames));
    showCounters('done');
    showGraph();
    return;
  }
  decodeBatch(1);
  counters = { neural: { frames: 0, bitErrors: 0, frameErrors: 0 }, plain: { frames: 0, bitErrors: 0, frameErrors: 0 } };
  block = 0;
  showCounters('ready');
  showGraph();
};

main().catch((e: unknown) => {
  const results = document.getElementById('results');
  const message = e instanceof Error ? e.message : String(e);
  if (results) {
    results.dataset.status = 'error';
    results.textContent = `error: ${message}${location.protocol === 'file:' ? ' (serve this folder over http, e.g. npx http-server docs/demo)' : ''}`;
  }
});
