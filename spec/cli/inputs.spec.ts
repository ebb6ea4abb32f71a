/**
 * Config files, weights files and checkpoints from users (issue 5, point 3):
 * every bad value, every mismatch with the code or the decoder, every NaN or
 * infinity is refused with what differs, before any work is done.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/command.js';
import { loadCode } from '../../src/codes/builtin.js';
import { Code, codeFromParityCheck } from '../../src/codes/code.js';
import { parityCheck } from '../../src/codes/parity-check.js';
import { configDifferences, decodeRunConfigOrThrow } from '../../src/config/index.js';
import { NeuralWeights, parseNeuralWeights } from '../../src/decoders/neural-weights.js';
import { fromCheckpoint, toCheckpoint } from '../../src/train/checkpoint.js';
import { makeTrainContext } from '../../src/train/context.js';
import { initialParams, toNeuralWeights } from '../../src/train/student-params.js';
import { initialTrainState } from '../../src/train/trainer.js';
import { UserError } from '../../src/util/errors.js';
import { runMain } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tanner-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string): string => join(dir, name);

const bch31 = loadCode('bch-31-16');
const bch63 = loadCode('bch-63-45');

/** Weights as `tanner train` writes them (with the matrix fingerprint), T = 5. */
const trainedWeights = (code: Code, iterations = 5): NeuralWeights => {
  const config = decodeRunConfigOrThrow({ code: code.name, student: { iterations }, loss: { kd: 0 } });
  const ctx = makeTrainContext(code, config, null);
  return toNeuralWeights(code, config.student, ctx.layout, initialParams(ctx.layout));
};

/** The same code with its columns in another order: same n, k and number of edges, another H. */
const permuted = (code: Code): Code =>
  codeFromParityCheck(`${code.name}-permuted`, parityCheck(code.n, code.h.rows.map((r) => r.map((v) => (v + 1) % code.n))));

/** The parse must fail with a UserError whose message matches. */
const refuses = (f: () => unknown, message: RegExp): void => {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
};

describe('weights files: a mismatch with the code or the decoder is refused with what differs', () => {
  const w = trainedWeights(bch31);
  const asJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

  it('a trained file round-trips on its own code', () => {
    assert.deepEqual(parseNeuralWeights(asJson(w), bch31), w);
  });

  it('another code: every size that differs', () => {
    refuses(() => parseNeuralWeights(asJson(w), bch63), /^weights were trained for code bch-31-16, not bch-63-45: n 31 vs 63, k 16 vs 45, edges \d+ vs 432$/);
  });

  it('same n, k and edges but another parity-check matrix (the per-edge weights would land on the wrong edges)', () => {
    const other = permuted(bch31);
    assert.deepEqual([other.n, other.k, other.graph.edges], [bch31.n, bch31.k, bch31.graph.edges]);
    refuses(() => parseNeuralWeights(asJson(w), other), /^weights were trained for code bch-31-16, not bch-31-16-permuted: same n, k and edges but another parity-check matrix \(fingerprint [0-9a-f]{16} vs [0-9a-f]{16}\)$/);
    // Files written before the fingerprint existed are still read (sizes checked only).
    const { h: _h, ...oldCode } = w.code;
    assert.equal(parseNeuralWeights(asJson({ ...w, code: oldCode }), other).iterations, 5);
  });

  const broken: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['Infinity (1e999 in JSON)', JSON.stringify(w).replace(/"weight":\[1,/, '"weight":[1e999,'), /^weights: weight\[0\] is not a finite number \(Infinity\)$/],
    ['NaN (JSON null)', JSON.stringify(w).replace(/"weight":\[1,1,/, '"weight":[1,null,'), /^weights: weight\[1\] is not a finite number \(null\)$/],
    ['a string number', JSON.stringify(w).replace(/"weight":\[1,/, '"weight":["1",'), /^weights: weight\[0\] is not a finite number \(1\)$/],
    ['too few weights', JSON.stringify({ ...w, weight: [1, 2, 3] }), /^weights: weight has 3 values, expected \d+$/],
    ['another format', JSON.stringify({ ...w, format: 'tanner-weights/9' }), /^weights: format is "tanner-weights\/9", expected "tanner-weights\/1"$/],
    ['zero iterations', JSON.stringify({ ...w, iterations: 0 }), /^weights: iterations must be an integer >= 1$/],
    ['unknown sharing', JSON.stringify({ ...w, sharing: 'row' }), /^weights: sharing must be one of /],
    ['an nnms file without weights', JSON.stringify({ ...w, weight: null }), /^weights: an nnms decoder needs "weight"$/],
    ['clip 0', JSON.stringify({ ...w, clip: 0 }), /^weights: clip must be > 0 or null$/],
  ];
  for (const [what, text, message] of broken) it(what, () => refuses(() => parseNeuralWeights(JSON.parse(text), bch31), message));

  it('tanner ber: --iters that disagrees with the file, weights of another code, a file that is not JSON: exit 2', async () => {
    writeFileSync(path('w31.json'), JSON.stringify(w));
    writeFileSync(path('not-json.json'), '{"format": ');
    const cases: ReadonlyArray<readonly [string[], RegExp]> = [
      [['--code', 'bch-31-16', '--iters', '7'], /^tanner ber: --iters 7 disagrees with the 5 iterations stored in .*w31\.json$/m],
      [['--code', 'bch-63-45'], /^tanner ber: weights were trained for code bch-31-16, not bch-63-45: n 31 vs 63/m],
    ];
    for (const [flags, message] of cases) {
      const r = await runMain(['ber', '--decoder', 'neural', '--weights', path('w31.json'), '--max-frames', '10', ...flags]);
      assert.equal(r.code, EXIT.usage, r.stderr);
      assert.match(r.stderr, message);
    }
    const r = await runMain(['ber', '--decoder', 'neural', '--weights', path('not-json.json'), '--code', 'bch-31-16']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.stderr, /^tanner ber: --weights: '.*not-json\.json' is not valid JSON: /);
  });
});

describe('config files and flags: every field checked, file paths must exist', () => {
  const TRAIN = ['train', '--code', 'bch-31-16', '--steps', '2', '--batch', '4', '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'teacher.iterations=10'];
  const cases: ReadonlyArray<readonly [string, () => string[], RegExp]> = [
    [
      'Infinity in a config file (1e999)',
      () => {
        writeFileSync(path('inf.json'), '{"train": {"lr": 1e999}}');
        return ['train', '--config', path('inf.json'), '--out', path('o-inf')];
      },
      /^train\.lr: expected a number > 0, got Infinity$/m,
    ],
    [
      'a config file that is not JSON',
      () => {
        writeFileSync(path('bad.json'), '{"train": {"lr": 0.1,}}');
        return ['train', '--config', path('bad.json'), '--out', path('o-bad')];
      },
      /^tanner train: config file .*bad\.json is not valid JSON: /,
    ],
    ['a config file that does not exist', () => ['train', '--config', path('none.json'), '--out', path('o')], /^tanner train: config file not found: .*none\.json$/m],
    ['a code file that does not exist', () => [...TRAIN, '--code', path('none.alist'), '--out', path('o')], /^tanner train: code '.*none\.alist' is neither a built-in code name nor an existing file/],
    ['Eb/N0 outside [-10, 20] dB', () => [...TRAIN, '--set', 'train.ebn0Db=[2,30]', '--out', path('o')], /^train\.ebn0Db\[1\]: expected an Eb\/N0 in dB within \[-10, 20\], got 30$/m],
    ['zero student iterations', () => [...TRAIN, '--set', 'student.iterations=0', '--out', path('o')], /^student\.iterations: expected an integer >= 1, got 0$/m],
    ['p = 0', () => [...TRAIN, '--set', 'loss.pKd=0', '--out', path('o')], /^loss\.pKd: expected a number > 0, got 0$/m],
    ['t0 + T_student > T_teacher', () => [...TRAIN, '--set', 'loss.t0=6', '--out', path('o')], /^loss\.t0: t0 \+ student\.iterations = 6 \+ 5 = 11 exceeds teacher\.iterations = 10/m],
    ['a batch that does not split over the Eb/N0 points', () => [...TRAIN, '--batch', '5', '--out', path('o')], /^train\.batch: 5 is not divisible by the 2 training Eb\/N0 points$/m],
    ['a teacher weights file that does not exist', () => [...TRAIN, '--set', 'teacher.kind=neural', '--set', `teacher.weights=${JSON.stringify(path('none.json'))}`, '--set', 'teacher.iterations=5', '--out', path('o')], /^tanner train: teacher\.weights file not found: .*none\.json$/m],
    [
      'teacher weights of another code',
      () => {
        writeFileSync(path('w63.json'), JSON.stringify(trainedWeights(bch63)));
        return [...TRAIN, '--set', 'teacher.kind=neural', '--set', `teacher.weights=${JSON.stringify(path('w63.json'))}`, '--set', 'teacher.iterations=5', '--out', path('o')];
      },
      /^tanner train: teacher\.weights .*w63\.json: weights were trained for code bch-63-45, not bch-31-16: n 63 vs 31/,
    ],
    [
      'teacher weights whose iteration count is not teacher.iterations',
      () => {
        writeFileSync(path('w31-5.json'), JSON.stringify(trainedWeights(bch31)));
        return [...TRAIN, '--set', 'teacher.kind=neural', '--set', `teacher.weights=${JSON.stringify(path('w31-5.json'))}`, '--out', path('o')];
      },
      /^tanner train: teacher\.iterations is 10 but teacher\.weights .*w31-5\.json holds a 5-iteration decoder; set teacher\.iterations=5$/m,
    ],
  ];
  for (const [what, argv, message] of cases) {
    it(`${what}: exit 2 with the field and the value, nothing written`, async () => {
      const args = argv();
      const out = args[args.indexOf('--out') + 1];
      const r = await runMain(args);
      assert.equal(r.code, EXIT.usage, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(existsSync(out), false, 'no run folder for a refused run');
    });
  }

  it('a neural teacher with matching weights is accepted', async () => {
    writeFileSync(path('w31-5.json'), JSON.stringify(trainedWeights(bch31)));
    const r = await runMain([...TRAIN, '--set', 'teacher.kind=neural', '--set', `teacher.weights=${JSON.stringify(path('w31-5.json'))}`, '--set', 'teacher.iterations=5', '--out', path('neural-teacher')]);
    assert.equal(r.code, EXIT.ok, r.stderr);
  });

  it('tanner ablate: a sweep teacher whose file is missing stops the run before anything runs or is written', async () => {
    const out = path('sweep-missing');
    const r = await runMain(['ablate', '--code', 'bch-31-16', '--steps', '2', '--batch', '4', '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'eval.maxFrames=200', '--seeds', '1', '--sweep', `teacher=ms10,nnms5:${path('none.json')}`, '--out', out]);
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, /^tanner ablate: teacher\.weights file not found: .*none\.json$/m);
    assert.doesNotMatch(r.stderr, /ms5 seed 1: BER/, 'no baseline ran first');
    assert.equal(existsSync(out), false);
  });
});

describe('checkpoints: only a checkpoint of the same run is resumed', () => {
  const config = decodeRunConfigOrThrow({ code: 'bch-31-16', train: { steps: 4, batch: 4, ebn0Db: [2, 4], validateEvery: 0 }, teacher: { iterations: 10 } });
  const ctx = makeTrainContext(bch31, config, null);
  const ck = JSON.stringify(toCheckpoint(config, initialTrainState(ctx), [], []));

  const broken: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['a parameter that is Infinity (1e999)', ck.replace('"params":[1,', '"params":[1e999,'), /^checkpoint: params must be \d+ finite numbers$/],
    ['a parameter that is NaN (null)', ck.replace('"params":[1,', '"params":[null,'), /^checkpoint: params must be \d+ finite numbers$/],
    ['an Adam moment that is NaN', ck.replace('"m":[0,', '"m":[null,'), /^checkpoint: adam\.m must be \d+ finite numbers$/],
    ['a non-integer Adam step', ck.replace('"t":0', '"t":0.5'), /^checkpoint: adam\.t must be an integer >= 0, got 0\.5$/],
    ['another parameter count', ck.replace('"params":[1,', '"params":['), /^checkpoint: params must be \d+ finite numbers$/],
    ['not a checkpoint', '{"format":"tanner-weights/1"}', /^checkpoint: not a tanner checkpoint/],
  ];
  for (const [what, text, message] of broken) it(what, () => refuses(() => fromCheckpoint(JSON.parse(text), ctx.layout.size), message));

  it('configDifferences names every differing field', () => {
    const other = decodeRunConfigOrThrow(config, ['train.lr=0.5', 'loss.kd=0', 'train.ebn0Db=[1]']);
    assert.deepEqual(configDifferences(config, other).sort(), ['loss.kd: 1 vs 0', 'train.ebn0Db: [2,4] vs [1]', 'train.lr: 0.01 vs 0.5']);
    assert.deepEqual(configDifferences(config, decodeRunConfigOrThrow(config, ['train.steps=9']), ['train.steps']), []);
  });

  const TRAIN = ['train', '--code', 'bch-31-16', '--steps', '4', '--batch', '4', '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'teacher.iterations=10'];

  it('tanner train --resume with a changed field is refused with the field; extending train.steps is allowed', async () => {
    const out = path('resume-other');
    assert.equal((await runMain([...TRAIN, '--out', out])).code, EXIT.ok);
    const before = readFileSync(join(out, 'checkpoint.json'), 'utf8');
    const r = await runMain(['train', '--out', out, '--resume', '--lr', '0.5']);
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.match(r.stderr, /^tanner train: cannot resume from .*checkpoint\.json: it was written by another config \(train\.lr: 0\.01 vs 0\.5\)\. --resume continues the same run/);
    assert.equal(readFileSync(join(out, 'checkpoint.json'), 'utf8'), before, 'the checkpoint is untouched');
    const shorter = await runMain(['train', '--out', out, '--resume', '--steps', '3']);
    assert.equal(shorter.code, EXIT.usage);
    assert.match(shorter.stderr, /it is at step 4, past train\.steps = 3/);
    const longer = await runMain(['train', '--out', out, '--resume', '--steps', '6']);
    assert.equal(longer.code, EXIT.ok, longer.stderr);
    assert.match(longer.stderr, /resuming at step 4\/6/);
  });

  it('tanner ablate over other evaluation points reuses the trained students (eval.* is not training)', async () => {
    const out = path('ablate-eval');
    const argv = ['ablate', ...TRAIN.slice(1), '--set', 'eval.maxFrames=200', '--seeds', '1', '--variants', 'ce', '--workers', '1', '--out', out];
    assert.equal((await runMain([...argv, '--set', 'eval.ebn0Db=[3]'])).code, EXIT.ok);
    const weights = readFileSync(join(out, 'ce', 'seed-1', 'train', 'weights.json'), 'utf8');
    const r = await runMain([...argv, '--set', 'eval.ebn0Db=[3,5]']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stderr, /^ce seed 1: config changed since .*cell\.json was written; running again$/m);
    assert.doesNotMatch(r.stderr, /training from step 0|not resuming/);
    assert.equal(readFileSync(join(out, 'ce', 'seed-1', 'train', 'weights.json'), 'utf8'), weights, 'the same student');
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    assert.deepEqual(res.variants[0].runs[0].points.map((p: { ebn0Db: number }) => p.ebn0Db), [3, 5]);
  });

  it('tanner ablate: a cell whose unfinished training is from another config trains again from step 0', async () => {
    const out = path('ablate-other');
    // An interrupted cell of an earlier run with another learning rate.
    mkdirSync(join(out, 'ce', 'seed-1'), { recursive: true });
    assert.equal((await runMain([...TRAIN, '--lr', '0.5', '--set', 'loss.kd=0', '--set', 'loss.sparse=0', '--set', 'eval.maxFrames=200', '--set', 'eval.ebn0Db=[3]', '--out', join(out, 'ce', 'seed-1', 'train')])).code, EXIT.ok);
    const r = await runMain(['ablate', '--code', 'bch-31-16', '--steps', '4', '--batch', '4', '--set', 'train.ebn0Db=[2,4]', '--set', 'train.validateEvery=0', '--set', 'teacher.iterations=10', '--set', 'eval.maxFrames=200', '--set', 'eval.ebn0Db=[3]', '--seeds', '1', '--variants', 'ce', '--workers', '1', '--out', out]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(r.stderr, /^ce seed 1: not resuming from .*checkpoint\.json: it was written by another config \(train\.lr: 0\.5 vs 0\.01\); training from step 0$/m);
    const saved = JSON.parse(readFileSync(join(out, 'ce', 'seed-1', 'train', 'checkpoint.json'), 'utf8'));
    assert.equal(saved.config.train.lr, 0.01);
    assert.equal(saved.step, 4);
  });
});
