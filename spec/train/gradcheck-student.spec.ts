import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCode } from '../../src/codes/builtin.js';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { gradcheckStudent } from '../../src/train/gradcheck-student.js';

describe("the student's full training loss has the gradient finite differences measure", () => {
  const code = loadCode('bch-31-16');
  for (const loss of [
    { kdDistance: 'raw' },
    { kdDistance: 'softbit', norm: 'mean', pKd: 1.5, sparseOn: 'check' },
    { kdDistance: 'bce', temperature: 2, pSparse: 2 },
    { kdOn: 'soft', kdDistance: 'softbit', norm: 'mean' },
  ]) {
    it(`CE + KD + sparse, ${JSON.stringify(loss)}`, () => {
      const config = decodeRunConfigOrThrow({
        code: 'bch-31-16',
        student: { iterations: 2, kind: 'nnms', channelWeights: true },
        teacher: { iterations: 6 },
        train: { batch: 8 },
        loss,
      });
      const r = gradcheckStudent(code, config, null);
      assert.ok(r.terms.ce! > 0 && r.terms.kd! > 0 && r.terms.sparse! > 0, 'every loss term is present');
      assert.ok(r.maxRelError < 1e-5, `max relative error ${r.maxRelError}`);
    });
  }
  it('neural offset min-sum (softplus offsets)', () => {
    const config = decodeRunConfigOrThrow({ code: 'bch-31-16', student: { iterations: 2, kind: 'noms', sharing: 'edge' }, teacher: { iterations: 6 }, train: { batch: 8 } });
    const r = gradcheckStudent(code, config, null);
    assert.ok(r.maxRelError < 1e-5, `max relative error ${r.maxRelError}`);
  });
});
