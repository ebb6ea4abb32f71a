import { BenchResult } from './decode.js';

/**
 * The tables of docs/benchmarks.md, rendered from bench/results.json and
 * bench/memory.json (scripts/bench-table.ts writes them between markers),
 * so the doc shows exactly what the last run measured.
 */

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform?: string;
  readonly loadAverage1m?: number;
}

/** bench/results.json (`tanner bench --json`). */
export interface BenchFile {
  readonly format: 'tanner-bench/1';
  readonly date: string;
  readonly machine: Machine;
  readonly machineAtEnd?: Machine;
  readonly quick: boolean;
  readonly results: readonly BenchResult[];
}

/** The summary of bench/memory.json (`tanner bench --memory --json`). */
export interface MemoryFile {
  readonly format: 'tanner-memory/1';
  readonly date: string;
  readonly machine: Machine;
  readonly seconds: number;
  readonly workers: number;
  readonly frames: number;
  readonly summary: readonly BenchResult[];
}

/** The issue's targets (issue 8), by result name. */
export const BENCH_TARGETS: Readonly<Record<string, { readonly op: '>=' | '<='; readonly value: number }>> = {
  'decode/ms/bch-63-45/T5': { op: '>=', value: 250_000 },
  'decode/spa/bch-63-45/T5': { op: '>=', value: 40_000 },
  'train/step/bch-63-45/B120': { op: '<=', value: 15 },
  'train/step-literal/bch-63-45/B120': { op: '<=', value: 15 },
  'autodiff/overhead/bch-63-45/B120': { op: '<=', value: 3 },
  'mc/speedup-2v1/bch-63-45/ms-T5': { op: '>=', value: 1.8 },
};

/** 3 significant digits, k/M suffixes for large numbers. */
export const fmtBench = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(x / 1e3).toPrecision(3)}k`;
  if (a >= 1000) return x.toFixed(0);
  return x.toPrecision(3);
};

const targetCell = (r: BenchResult): string => {
  const t = BENCH_TARGETS[r.name];
  if (!t) return '';
  const met = t.op === '>=' ? r.value >= t.value : r.value <= t.value;
  return `${t.op} ${fmtBench(t.value)}: ${met ? 'met' : '**not met**'}`;
};

const load = (m: Machine | undefined): string => (m?.loadAverage1m === undefined ? '?' : String(m.loadAverage1m));

const machineLine = (date: string, m: Machine, end?: Machine): string =>
  `${date.slice(0, 10)}, ${m.cpu}, ${m.cores} cores, node ${m.node}; 1-minute load average ${load(m)} at the start` +
  (end ? `, ${load(end)} at the end` : '');

/** The suite's results table with the machine it ran on. */
export const benchTable = (f: BenchFile): string =>
  [
    `Run: ${machineLine(f.date, f.machine, f.machineAtEnd)}${f.quick ? ' (**--quick**: short measurements)' : ''}.`,
    '',
    '| benchmark | value | unit | target |',
    '| --- | ---: | --- | --- |',
    ...f.results.map((r) => `| ${r.name} | ${fmtBench(r.value)} | ${r.unit} | ${targetCell(r)} |`),
  ].join('\n');

/** The memory run's summary table. */
export const memoryTable = (f: MemoryFile): string =>
  [
    `Run: ${machineLine(f.date, f.machine)}; ${Math.round(f.seconds)} s, ${fmtBench(f.frames)} frames, ${f.workers === 0 ? 'in the main thread' : `${f.workers} worker(s)`}.`,
    '',
    '| measure | value | unit |',
    '| --- | ---: | --- |',
    ...f.summary.map((r) => `| ${r.name} | ${fmtBench(r.value)} | ${r.unit} |`),
  ].join('\n');

/**
 * Replace the text between `<!-- name:begin -->` and `<!-- name:end -->`
 * (markers kept); throws if the markers are missing.
 */
export const replaceSection = (doc: string, name: string, body: string): string => {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`the markers ${begin} ... ${end} are missing`);
  return `${doc.slice(0, i + begin.length)}\n${body}\n${doc.slice(j)}`;
};
