/**
 * Validation of the sum-product decoder against AFF3CT's published reference
 * (spec/fixtures/aff3ct_wimax576_spa_flooding_i100.json): WiMAX (576, 288),
 * SPA flooding, 100 iterations with syndrome early stop, all-zero codeword,
 * 100 frame errors per point, BER on the K = 288 information bits.
 *
 * Usage: node --import tsx scripts/validate-aff3ct.ts [--max-ebn0 2.5] [--max-frames N] [--seed 1] [--json out.json]
 * Exit code 0 when every compared point from 1.0 dB to --max-ebn0 agrees
 * (the two 95% Wilson intervals of FER overlap), 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable, fmtSci } from '../src/report/table.js';
import { Aff3ctPoint, AFF3CT_WIMAX_FIXTURE, aff3ctWimaxConfig } from '../src/sim/aff3ct-reference.js';
import { PointResult, simulateCurve } from '../src/sim/monte-carlo.js';
import { intervalsOverlap, wilsonInterval } from '../src/sim/stats.js';
import { atomicWriteJson } from '../src/util/atomic-write.js';
import { packageRoot } from '../src/util/package-root.js';

const REFERENCE_PATH = join(packageRoot(), 'spec', 'fixtures', AFF3CT_WIMAX_FIXTURE);

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      'min-ebn0': { type: 'string', default: '1.0' },
      'max-ebn0': { type: 'string', default: '2.5' },
      'max-frames': { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      json: { type: 'string' },
    },
  });
  const minEbn0 = Number(values['min-ebn0']);
  const maxEbn0 = Number(values['max-ebn0']);
  const reference = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as { points: Aff3ctPoint[] };
  const refPoints = reference.points.filter((p) => p.ebn0_db >= minEbn0 - 1e-9 && p.ebn0_db <= maxEbn0 + 1e-9);
  const config = aff3ctWimaxConfig(refPoints.map((p) => p.ebn0_db), Number(values.seed), Number(values['max-frames']));
  const started = Date.now();
  const result = await simulateCurve(config, {
    onProgress: (p) => {
      if (p.frames % 2000 === 0) process.stderr.write(`  ${p.ebn0Db} dB: ${p.frames} frames, ${p.frameErrors} frame errors (${Math.round(p.framesPerSecond)} frames/s)\n`);
    },
  });
  const rows = refPoints.map((ref, i) => {
    const ours: PointResult = result.points[i];
    const refCi = wilsonInterval(ref.frame_errors, ref.frames);
    const agree = intervalsOverlap(ours.ferCi, refCi);
    return { ref, ours, refCi, agree };
  });
  const ci = (c: readonly [number, number]): string => `[${fmtSci(c[0])}, ${fmtSci(c[1])}]`;
  process.stdout.write(
    markdownTable(
      ['Eb/N0', 'AFF3CT frames', 'AFF3CT FE', 'AFF3CT FER [95% CI]', 'tanner frames', 'tanner FE', 'tanner FER [95% CI]', 'AFF3CT BER', 'tanner BER', 'tanner mean iters', 'FER agrees'],
      rows.map(({ ref, ours, refCi, agree }) => [
        ref.ebn0_db.toFixed(2),
        ref.frames,
        ref.frame_errors,
        `${fmtSci(ref.frame_errors / ref.frames)} ${ci(refCi)}`,
        ours.frames,
        ours.frameErrors,
        `${fmtSci(ours.fer)} ${ci(ours.ferCi)}`,
        fmtSci(ref.ber),
        fmtSci(ours.ber),
        ours.meanIterations.toFixed(2),
        agree ? 'yes' : 'NO',
      ]),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  const ok = rows.every((r) => r.agree);
  process.stdout.write(`\n${rows.filter((r) => r.agree).length}/${rows.length} points agree (FER 95% intervals overlap); ${seconds.toFixed(0)} s wall clock, seed ${config.seed}, max frames ${config.maxFrames}\n`);
  if (values.json) atomicWriteJson(values.json, { settings: { ...config, code: config.code.name }, seconds, rows });
  return ok ? 0 : 1;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`validate-aff3ct: ${(e as Error).stack}\n`);
    process.exitCode = 2;
  },
);
