import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT } from '../../src/cli/command.js';
import { gradcheckFailures } from '../../src/cli/commands/gradcheck.js';
import { StudentGradcheck } from '../../src/train/gradcheck-student.js';
import { runMain } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-gradcheck-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `tanner gradcheck`: the student's whole training loss against float64 central differences. */
describe('tanner gradcheck', () => {
  it('passes on bch-63-45 with 3 iterations (the issue\'s command) and writes maxRelError', async () => {
    const json = join(dir, 'g.json');
    const r = await runMain(['gradcheck', '--code', 'bch-63-45', '--iters', '3', '--json', json]);
    assert.equal(r.code, EXIT.ok, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS \(tolerance 0\.00001\)$/m);
    const g = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(g.pass, true);
    assert.equal(g.parameters, 3 * 432, 'one weight per iteration and edge');
    assert.ok(g.maxRelError > 0 && g.maxRelError <= 1e-5, `maxRelError ${g.maxRelError}`);
    assert.ok(g.directionalMaxRelError <= 1e-5);
    assert.ok(g.kinkElements <= 0.1 * g.parameters);
    assert.ok(g.terms.ce > 0 && g.terms.kd > 0 && g.terms.sparse > 0, 'every loss term is in the checked loss');
  });

  it('exits 1 and says FAIL when the tolerance is below the float64 error', async () => {
    const r = await runMain(['gradcheck', '--code', 'bch-31-16', '--iters', '2', '--tolerance', '1e-20']);
    assert.equal(r.code, EXIT.failed);
    assert.match(r.stdout, /^FAIL: per-element error .* > 1e-20/m);
  });

  it('fails a check that compared too few elements, whatever its errors', () => {
    const clean: StudentGradcheck = {
      maxRelError: 1e-9,
      maxAbsError: 1e-12,
      directionalMaxRelError: 1e-9,
      kinkElements: 0,
      parameters: 100,
      loss: 1,
      terms: { ce: 1, kd: null, sparse: null },
      worst: null,
    };
    assert.deepEqual(gradcheckFailures(clean, 1e-5), []);
    assert.match(gradcheckFailures({ ...clean, kinkElements: 11 }, 1e-5).join(), /11 of 100 parameters skipped/);
    assert.match(gradcheckFailures({ ...clean, kinkElements: 100, maxRelError: 0 }, 1e-5).join(), /100 of 100/);
    assert.match(gradcheckFailures({ ...clean, directionalMaxRelError: 1e-3 }, 1e-5).join(), /random-direction error/);
  });
});
