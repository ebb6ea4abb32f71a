import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { chain } from 'fp-ts/lib/Either.js';
import {
  applyOverrides,
  decodeRunConfig,
  formatConfigErrors,
  parseOverrideValue,
} from '../../src/config/index.js';

const applied = (input: unknown, overrides: readonly string[]): unknown => {
  const r = applyOverrides(input, overrides);
  assert.ok(isRight(r), isLeft(r) ? formatConfigErrors(r.left) : '');
  return r.right;
};

describe('parseOverrideValue', () => {
  const cases: ReadonlyArray<readonly [string, unknown]> = [
    ['5', 5],
    ['-0.5', -0.5],
    ['1e-8', 1e-8],
    ['true', true],
    ['null', null],
    ['"42"', '42'],
    ['bch-63-45', 'bch-63-45'],
    ['codes/BCH_63_45.alist', 'codes/BCH_63_45.alist'],
    ['[1,2,3]', [1, 2, 3]],
    ['1,2,3', [1, 2, 3]],
    ['1, 2.5, -3', [1, 2.5, -3]],
    ['a,b', ['a', 'b']],
    ['{"iterations":3}', { iterations: 3 }],
  ];
  for (const [text, value] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseOverrideValue(text), value));
  }

  it('reads NaN and the infinities as numbers, so the decoder can reject them', () => {
    assert.ok(Number.isNaN(parseOverrideValue('NaN')));
    assert.equal(parseOverrideValue('Infinity'), Infinity);
    assert.equal(parseOverrideValue('-Infinity'), -Infinity);
    assert.deepEqual(parseOverrideValue('1,Infinity'), [1, Infinity]);
  });
});

describe('applyOverrides', () => {
  it('sets top-level and nested fields, creating missing sections', () => {
    assert.deepEqual(applied({ seed: 1 }, ['seed=9', 'loss.kd=0', 'student.sharing=edge']), {
      seed: 9,
      loss: { kd: 0 },
      student: { sharing: 'edge' },
    });
  });

  it('keeps the sibling fields of an existing section and does not change the input', () => {
    const input = { train: { steps: 10, batch: 16 } };
    assert.deepEqual(applied(input, ['train.ebn0Db=1,2']), { train: { steps: 10, batch: 16, ebn0Db: [1, 2] } });
    assert.deepEqual(input, { train: { steps: 10, batch: 16 } });
  });

  it('lets a later override win and accepts JSON lists and null', () => {
    assert.deepEqual(applied({}, ['eval.ebn0Db=1,2', 'eval.ebn0Db=[4,5,6]', 'eval.clip=20', 'eval.clip=null']), {
      eval: { ebn0Db: [4, 5, 6], clip: null },
    });
  });

  it('treats undefined input as {}', () => {
    assert.deepEqual(applied(undefined, ['code=bch-63-36']), { code: 'bch-63-36' });
  });

  it('rejects malformed overrides and paths through non-objects', () => {
    const r = applyOverrides({ seed: 1 }, ['loss.kd', '=3', 'loss..kd=1', 'seed.x=2', 'train.steps=5']);
    assert.ok(isLeft(r));
    assert.equal(
      formatConfigErrors(r.left),
      [
        '(config): override "loss.kd" must look like dotted.path=value (e.g. loss.kd=0)',
        '(config): override "=3" must look like dotted.path=value (e.g. loss.kd=0)',
        'loss..kd: override "loss..kd=1" must look like dotted.path=value (e.g. loss.kd=0)',
        'seed: cannot set seed.x: seed is 1, not an object',
      ].join('\n'),
    );
  });

  it('rejects a non-object input', () => {
    assert.ok(isLeft(applyOverrides([1], ['seed=1'])));
  });

  it('leaves unknown paths for the decoder to report', () => {
    const r = pipe(applyOverrides({}, ['student.itrations=3', 'train.lr=NaN']), chain(decodeRunConfig));
    assert.ok(isLeft(r));
    assert.equal(
      formatConfigErrors(r.left),
      'student.itrations: unknown key (did you mean "iterations"?)\ntrain.lr: expected a number > 0, got NaN',
    );
  });

  it('decodes after overrides to the overridden config', () => {
    const r = pipe(
      applyOverrides({ train: { batch: 60 } }, ['train.ebn0Db=2,3,4', 'student.iterations=10', 'loss.t0=null', 'teacher.kind=nms']),
      chain(decodeRunConfig),
    );
    assert.ok(isRight(r), isLeft(r) ? formatConfigErrors(r.left) : '');
    assert.deepEqual(r.right.train.ebn0Db, [2, 3, 4]);
    assert.equal(r.right.train.batch, 60);
    assert.equal(r.right.student.iterations, 10);
    assert.equal(r.right.teacher.kind, 'nms');
  });
});
