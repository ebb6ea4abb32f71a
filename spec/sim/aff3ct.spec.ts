import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aff3ctPoint, AFF3CT_WIMAX_FIXTURE, aff3ctWimaxConfig } from '../../src/sim/aff3ct-reference.js';
import { simulatePointSync } from '../../src/sim/monte-carlo.js';
import { intervalsOverlap, wilsonInterval } from '../../src/sim/stats.js';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', AFF3CT_WIMAX_FIXTURE), 'utf8')) as {
  points: Aff3ctPoint[];
};

describe('sum-product against AFF3CT (WiMAX 576/288, SPA flooding, 100 iterations)', () => {
  it('FER at 1.5 dB agrees with AFF3CT within the combined 95% intervals', () => {
    const ref = reference.points.find((p) => p.ebn0_db === 1.5)!;
    // 50 frame errors (not 100) keeps this test near 2 s; the full comparison is `npm run validate`.
    const ours = simulatePointSync(aff3ctWimaxConfig([1.5], 1, 5000, 50), 1.5);
    assert.ok(ours.frameErrors >= 50, `guard: only ${ours.frameErrors} frame errors in ${ours.frames} frames`);
    const refCi = wilsonInterval(ref.frame_errors, ref.frames);
    assert.ok(intervalsOverlap(ours.ferCi, refCi), `FER ${ours.fer} ${ours.ferCi} vs AFF3CT ${ref.fer} ${refCi}`);
    // early stop must be active: a decoder that always ran 100 iterations would average ~100
    assert.ok(ours.meanIterations < 40, `mean iterations ${ours.meanIterations}`);
  });
});
