import { resolve } from 'node:path';
import { gradcheckStudent, StudentGradcheck } from '../../train/gradcheck-student.js';
import { atomicWriteJson } from '../../util/atomic-write.js';
import { Command, EXIT, flagInt, flagNumber, flagString } from '../command.js';
import { configFlagSpecs, configFromArgs, loadRunInputs } from '../config-flags.js';

/** At most this fraction of the parameters may be skipped at a kink, or the check says too little to pass. */
export const MAX_KINK_FRACTION = 0.1;

/**
 * Why a gradient check fails (empty = pass): the per-element or the
 * random-direction error above tolerance, or too many elements skipped at a
 * kink (a check that compared almost nothing cannot pass).
 */
export const gradcheckFailures = (r: StudentGradcheck, tolerance: number): string[] => [
  ...(r.maxRelError <= tolerance ? [] : [`per-element error ${r.maxRelError.toExponential(2)} > ${tolerance}`]),
  ...(r.directionalMaxRelError <= tolerance ? [] : [`random-direction error ${r.directionalMaxRelError.toExponential(2)} > ${tolerance}`]),
  ...(r.kinkElements <= MAX_KINK_FRACTION * r.parameters && r.kinkElements < r.parameters
    ? []
    : [`${r.kinkElements} of ${r.parameters} parameters skipped at a kink (at most ${MAX_KINK_FRACTION * 100}%)`]),
];

export const command: Command = {
  name: 'gradcheck',
  summary: "check the autodiff gradient of the student's full training loss against float64 finite differences",
  usage: '[--code bch-63-45] [--iters 3] [--batch 8] [--seed s] [--tolerance 1e-5] [--json out.json]',
  flags: {
    ...configFlagSpecs(['steps', 'lr']), // one loss evaluation: no training steps, no optimizer
    iters: { type: 'string', help: 'student iterations (default 3)' },
    tolerance: { type: 'string', help: 'largest accepted relative error (default 1e-5)' },
    json: { type: 'string', help: 'write the result as JSON (fields maxRelError, directionalMaxRelError, kinkElements, pass)' },
  },
  run: async (args, io) => {
    const iters = flagInt(args, 'iters', 1) ?? 3;
    const tolerance = flagNumber(args, 'tolerance') ?? 1e-5;
    const config = configFromArgs(args, io.cwd, { student: { iterations: iters }, train: { batch: 8 } });
    const { code, teacherWeights } = loadRunInputs(config, io.cwd);
    io.stderr(`gradcheck: ${code.name}, student T=${config.student.iterations}, batch ${config.train.batch}, every parameter by central differences in float64...\n`);
    const t0 = Date.now();
    const r = gradcheckStudent(code, config, teacherWeights);
    const failures = gradcheckFailures(r, tolerance);
    const result = { code: code.name, iterations: config.student.iterations, batch: config.train.batch, seed: config.seed, tolerance, ...r, seconds: (Date.now() - t0) / 1000, pass: failures.length === 0, failures };
    io.stdout(
      `loss ${r.loss.toPrecision(6)} (ce ${r.terms.ce ?? '-'}, kd ${r.terms.kd ?? '-'}, sparse ${r.terms.sparse ?? '-'})\n` +
        `parameters: ${r.parameters}, compared one by one: ${r.parameters - r.kinkElements}, skipped at a kink: ${r.kinkElements}\n` +
        `max relative error (per element): ${r.maxRelError.toExponential(2)}\n` +
        `max relative error (random directions): ${r.directionalMaxRelError.toExponential(2)}\n` +
        `${result.pass ? 'PASS' : `FAIL: ${failures.join('; ')}`} (tolerance ${tolerance})\n`,
    );
    const json = flagString(args, 'json');
    if (json) atomicWriteJson(resolve(io.cwd, json), result);
    return result.pass ? EXIT.ok : EXIT.failed;
  },
};
