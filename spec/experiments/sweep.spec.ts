import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeRunConfigOrThrow } from '../../src/config/decode-run-config.js';
import { expandGrid, parseSweep, parseSweepAxis, SweepAxis, sweepPointId, sweepVariants } from '../../src/experiments/sweep.js';
import { UserError } from '../../src/util/errors.js';

const base = decodeRunConfigOrThrow({});

describe('parseSweepAxis', () => {
  it('maps the aliases to config paths', () => {
    assert.deepEqual(parseSweepAxis('delta=1e-3,1e-2').values.map((v) => v.overrides), [['loss.sparse=1e-3'], ['loss.sparse=1e-2']]);
    assert.deepEqual(parseSweepAxis('pKd=1,2').values.map((v) => v.overrides), [['loss.pKd=1'], ['loss.pKd=2']]);
    assert.deepEqual(parseSweepAxis('t0=0,25').values.map((v) => v.overrides), [['loss.t0=0'], ['loss.t0=25']]);
    assert.deepEqual(parseSweepAxis('kdDistance=raw,bce').values.map((v) => v.overrides), [['loss.kdDistance=raw'], ['loss.kdDistance=bce']]);
    assert.deepEqual(parseSweepAxis('train.lr=0.01').values.map((v) => v.overrides), [['train.lr=0.01']]);
  });

  it('expands teacher names into kind, iterations and weights', () => {
    const axis = parseSweepAxis('teacher=ms30,nms20,nnms30:runs/t/weights.json');
    assert.deepEqual(axis.values[0].overrides, ['teacher.kind=ms', 'teacher.iterations=30', 'teacher.weights=null']);
    assert.deepEqual(axis.values[1].overrides, ['teacher.kind=nms', 'teacher.iterations=20', 'teacher.weights=null']);
    assert.deepEqual(axis.values[2].overrides, ['teacher.kind=neural', 'teacher.iterations=30', 'teacher.weights="runs/t/weights.json"']);
    const neural = decodeRunConfigOrThrow(base, axis.values[2].overrides);
    assert.equal(neural.teacher.weights, 'runs/t/weights.json');
    assert.throws(() => parseSweepAxis('teacher=nnms30'), /needs the weights file/);
    assert.throws(() => parseSweepAxis('teacher=bp30'), /must be ms<T>/);
    assert.deepEqual(parseSweepAxis('teacher=genie').values[0].overrides, ['teacher.kind=genie', 'teacher.weights=null']);
  });

  it('keeps bracketed lists as one value', () => {
    assert.deepEqual(parseSweepAxis('train.ebn0Db=[1,2],[3,4]').values.map((v) => v.text), ['[1,2]', '[3,4]']);
  });

  it('rejects an unknown key with a UserError naming its path', () => {
    assert.throws(() => parseSweepAxis('loss.sparsity=1,2'), (e: unknown) => e instanceof UserError && /unknown config key "loss\.sparsity"/.test(e.message));
    assert.throws(() => parseSweepAxis('deltaa=1'), (e: unknown) => e instanceof UserError && /"deltaa"/.test(e.message));
    assert.throws(() => parseSweepAxis('loss=1'), (e: unknown) => e instanceof UserError && /"loss"/.test(e.message), 'a section is not a leaf');
    assert.throws(() => parseSweepAxis('seed=1,2'), /cannot be swept/);
    assert.throws(() => parseSweepAxis('code=bch-31-16'), /cannot be swept/);
    assert.throws(() => parseSweepAxis('delta'), /expected key=value1,value2/);
    assert.throws(() => parseSweepAxis('delta=1,,2'), /empty value/);
    assert.throws(() => parseSweep(['delta=1', 'loss.sparse=2']), /given twice/);
  });
});

describe('expandGrid', () => {
  it('is the cartesian product, first axis slowest', () => {
    const grid = expandGrid(parseSweep(['delta=1e-3,1e-2', 'pKd=1,2', 'teacher=ms30,nms30']));
    assert.equal(grid.length, 8);
    assert.deepEqual(grid[0].settings, [{ key: 'delta', value: '1e-3' }, { key: 'pKd', value: '1' }, { key: 'teacher', value: 'ms30' }]);
    assert.deepEqual(grid[1].settings.map((s) => s.value), ['1e-3', '1', 'nms30']);
    assert.deepEqual(grid[7].settings.map((s) => s.value), ['1e-2', '2', 'nms30']);
    assert.deepEqual(grid[5].overrides, ['loss.sparse=1e-2', 'loss.pKd=1', 'teacher.kind=nms', 'teacher.iterations=30', 'teacher.weights=null']);
    assert.deepEqual(expandGrid([]), []);
  });

  it('has prod(|values|) distinct points, each taking one value per axis (property)', () => {
    const axes = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(axes, (valueLists) => {
        const ax: SweepAxis[] = valueLists.map((vs, i) => ({ key: `k${i}`, values: vs.map((v) => ({ text: String(v), overrides: [`k${i}=${v}`] })) }));
        const grid = expandGrid(ax);
        assert.equal(grid.length, valueLists.reduce((p, vs) => p * vs.length, 1));
        assert.equal(new Set(grid.map(sweepPointId)).size, grid.length);
        for (const p of grid) p.settings.forEach((s, i) => assert.ok(valueLists[i].map(String).includes(s.value)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('sweepVariants', () => {
  it('gives one trained variant per grid point with a folder-safe id and a readable label', () => {
    const vs = sweepVariants(base, expandGrid(parseSweep(['delta=1e-3,1e-2', 'teacher=ms30,nnms30:runs/t w/weights.json'])));
    assert.equal(vs.length, 4);
    assert.ok(vs.every((v) => v.kind === 'trained' && /^[A-Za-z0-9.=+_-]+$/.test(v.id)), vs.map((v) => v.id).join(' '));
    assert.equal(vs[0].label, 'delta=1e-3, teacher=ms30');
    assert.equal(vs[0].id, 'delta=1e-3_teacher=ms30');
  });

  it('rejects a bad value before anything runs, naming the grid point and the field', () => {
    assert.throws(
      () => sweepVariants(base, expandGrid(parseSweep(['pKd=2,-1']))),
      (e: unknown) => e instanceof UserError && /sweep point pKd=-1/.test(e.message) && /loss\.pKd/.test(e.message),
    );
  });
});
