import { resolve } from 'node:path';
import { gradcheckStudent } from '../../train/gradcheck-student.js';
import { atomicWriteJson } from '../../util/atomic-write.js';
import { Command, EXIT, flagInt, flagNumber, flagString } from '../command.js';
import { configFlagSpecs, configFromArgs, loadRunInputs } from '../config-flags.js';

export const command: Command = {
  name: 'gradcheck',
  summary: "check the autodiff gradient of the student's full training loss against float64 finite differences",
  usage: '[--code bch-63-45] [--iters 3] [--batch 8] [--seed s] [--tolerance 1e-5] [--json out.json]',
  flags: {
    ...configFlagSpecs(),
    iters: { type: 'string', help: 'student iterations (default 3)' },
    tolerance: { type: 'string', help: 'largest accepted relative error (default 1e-5)' },
    json: { type: 'string', help: 'write the result as JSON (field maxRelError)' },
  },
  run: async (args, io) => {
    const iters = flagInt(args, 'iters', 1) ?? 3;
    const tolerance = flagNumber(args, 'tolerance') ?? 1e-5;
    const config = configFromArgs(args, io.cwd, { student: { iterations: iters }, train: { batch: 8 } });
    const { code, teacherWeights } = loadRunInputs(config, io.cwd);
    io.stderr(`gradcheck: ${code.name}, student T=${config.student.iterations}, batch ${config.train.batch}, every parameter by central differences in float64...\n`);
    const t0 = Date.now();
    const r = gradcheckStudent(code, config, teacherWeights);
    const result = { code: code.name, iterations: config.student.iterations, batch: config.train.batch, seed: config.seed, tolerance, ...r, seconds: (Date.now() - t0) / 1000, pass: r.maxRelError <= tolerance };
    io.stdout(
      `loss ${r.loss.toPrecision(6)} (ce ${r.terms.ce ?? '-'}, kd ${r.terms.kd ?? '-'}, sparse ${r.terms.sparse ?? '-'})\n` +
        `parameters checked: ${r.parameters}\nmax relative error (per element): ${r.maxRelError.toExponential(2)}\n` +
        `max relative error (random directions): ${r.directionalMaxRelError.toExponential(2)}\n` +
        `${result.pass ? 'PASS' : 'FAIL'} (tolerance ${tolerance})\n`,
    );
    const json = flagString(args, 'json');
    if (json) atomicWriteJson(resolve(io.cwd, json), result);
    return result.pass ? EXIT.ok : EXIT.failed;
  },
};
