import { Code } from '../codes/code.js';
import { parityCheckFingerprint } from '../codes/fingerprint.js';
import { UserError } from '../util/errors.js';
import { MinSumParams } from './min-sum.js';
import { expandShared, Sharing, SHARINGS, sharedSize } from './sharing.js';

/**
 * A trained neural min-sum decoder as stored on disk (`weights.json`).
 * Parameters are kept in their shared (compact) form; `expandNeuralWeights`
 * turns them into the per-(iteration, edge) vectors the fast kernel reads.
 *
 * - nnms (neural normalized): w_{t,e} = weight[slot(t, e)]
 * - noms (neural offset):     beta_{t,e} = softplus(offsetRaw[slot(t, e)]) >= 0
 * - channel (optional):       wch_{t,v} = channel[t * n + v]
 */
export interface NeuralWeights {
  readonly format: 'tanner-weights/1';
  /** the code trained on; `h` (parityCheckFingerprint, optional in older files) pins the exact matrix and edge order */
  readonly code: { readonly name: string; readonly n: number; readonly k: number; readonly edges: number; readonly h?: string };
  readonly kind: 'nnms' | 'noms';
  readonly iterations: number;
  readonly sharing: Sharing;
  readonly weight: readonly number[] | null;
  readonly offsetRaw: readonly number[] | null;
  readonly channel: readonly number[] | null;
  readonly clip: number | null;
}

/**
 * softplus(x) = ln(1 + e^x), without overflow for large x: a noms offset is
 * beta = softplus(offsetRaw), so it stays >= 0 whatever the raw parameter.
 *
 * @example
 * ```ts
 * import { softplus } from 'tanner';
 * import assert from 'node:assert/strict';
 * assert.ok(Math.abs(softplus(0) - Math.LN2) < 1e-15);
 * assert.equal(softplus(50), 50);
 * assert.ok(softplus(-50) > 0);
 * ```
 */
export const softplus = (x: number): number => (x > 20 ? x : Math.log1p(Math.exp(x)));

/**
 * Expand stored weights into min-sum kernel parameters.
 *
 * @example
 * ```ts
 * import { bchCode, expandNeuralWeights, parseNeuralWeights } from 'tanner';
 * import assert from 'node:assert/strict';
 * const code = bchCode(15, 7);
 * const E = code.graph.edges;
 * const weights = parseNeuralWeights({
 *   format: 'tanner-weights/1', code: { name: code.name, n: 15, k: 7, edges: E },
 *   kind: 'nnms', iterations: 2, sharing: 'iteration', weight: [0.9, 0.7], offsetRaw: null, channel: null, clip: null,
 * }, code);
 * const p = expandNeuralWeights(weights);
 * assert.equal(p.weightTE!.length, 2 * E);
 * assert.equal(p.weightTE![E], Math.fround(0.7)); // iteration 1, edge 0
 * ```
 */
export const expandNeuralWeights = (w: NeuralWeights): MinSumParams => {
  const T = w.iterations;
  const E = w.code.edges;
  return {
    iterations: T,
    alpha: 1,
    beta: 0,
    weightTE: w.weight ? expandShared(w.sharing, w.weight, T, E) : null,
    offsetTE: w.offsetRaw ? expandShared(w.sharing, w.offsetRaw.map(softplus), T, E) : null,
    channelTV: w.channel ? Float32Array.from(w.channel) : null,
    clip: w.clip,
  };
};

const finiteArray = (x: unknown, len: number, field: string): readonly number[] | null => {
  if (x === null || x === undefined) return null;
  if (!Array.isArray(x)) throw new UserError(`weights: ${field} must be an array of numbers`);
  if (x.length !== len) throw new UserError(`weights: ${field} has ${x.length} values, expected ${len}`);
  x.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`weights: ${field}[${i}] is not a finite number (${String(v)})`);
  });
  return x as number[];
};

/**
 * Check a parsed weights file against the code it will decode; every
 * mismatch is reported as what differs (never a silent wrong decode).
 */
export const parseNeuralWeights = (raw: unknown, code: Code): NeuralWeights => {
  if (typeof raw !== 'object' || raw === null) throw new UserError('weights: not a JSON object');
  const r = raw as Record<string, unknown>;
  if (r.format !== 'tanner-weights/1') throw new UserError(`weights: format is ${JSON.stringify(r.format)}, expected "tanner-weights/1"`);
  const c = r.code as Record<string, unknown> | undefined;
  if (!c || typeof c !== 'object') throw new UserError('weights: missing code {name, n, k, edges}');
  const diffs: string[] = [];
  if (c.n !== code.n) diffs.push(`n ${String(c.n)} vs ${code.n}`);
  if (c.k !== code.k) diffs.push(`k ${String(c.k)} vs ${code.k}`);
  if (c.edges !== code.graph.edges) diffs.push(`edges ${String(c.edges)} vs ${code.graph.edges}`);
  if (diffs.length === 0 && c.h !== undefined) {
    const h = parityCheckFingerprint(code.h);
    if (c.h !== h) diffs.push(`same n, k and edges but another parity-check matrix (fingerprint ${String(c.h)} vs ${h})`);
  }
  if (diffs.length) throw new UserError(`weights were trained for code ${String(c.name)}, not ${code.name}: ${diffs.join(', ')}`);
  if (r.kind !== 'nnms' && r.kind !== 'noms') throw new UserError(`weights: kind ${JSON.stringify(r.kind)} must be "nnms" or "noms"`);
  const T = r.iterations;
  if (typeof T !== 'number' || !Number.isInteger(T) || T < 1) throw new UserError('weights: iterations must be an integer >= 1');
  if (!SHARINGS.includes(r.sharing as Sharing)) throw new UserError(`weights: sharing must be one of ${SHARINGS.join(', ')}`);
  const sharing = r.sharing as Sharing;
  const P = sharedSize(sharing, T, code.graph.edges);
  const weight = finiteArray(r.weight, P, 'weight');
  const offsetRaw = finiteArray(r.offsetRaw, P, 'offsetRaw');
  const channel = finiteArray(r.channel, T * code.n, 'channel');
  if (r.kind === 'nnms' && !weight) throw new UserError('weights: an nnms decoder needs "weight"');
  if (r.kind === 'noms' && !offsetRaw) throw new UserError('weights: an noms decoder needs "offsetRaw"');
  const clip = r.clip === undefined || r.clip === null ? null : Number(r.clip);
  if (clip !== null && !(clip > 0)) throw new UserError('weights: clip must be > 0 or null');
  return {
    format: 'tanner-weights/1',
    code: { name: String(c.name), n: code.n, k: code.k, edges: code.graph.edges, ...(c.h !== undefined ? { h: String(c.h) } : {}) },
    kind: r.kind,
    iterations: T,
    sharing,
    weight,
    offsetRaw,
    channel,
    clip,
  };
};
