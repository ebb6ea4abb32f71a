import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { memoryRun } from '../../bench/memory.js';
import { BENCH_GROUPS, BenchGroup, runBenchmarks } from '../../bench/run.js';
import { formatTable } from '../../report/table.js';
import { atomicWriteJson } from '../../util/atomic-write.js';
import { UserError } from '../../util/errors.js';
import { Command, EXIT, flagBool, flagInt, flagNumber, flagString } from '../command.js';

const fmtValue = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e4 ? `${(x / 1e3).toFixed(1)}k` : x >= 100 ? x.toFixed(0) : x.toPrecision(3);

/** Where the numbers came from: they mean little without the machine and its load. */
const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  platform: process.platform,
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
});

const parseGroups = (text: string | undefined): BenchGroup[] | undefined => {
  if (text === undefined) return undefined;
  const groups = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const g of groups) if (!(BENCH_GROUPS as readonly string[]).includes(g)) throw new UserError(`--only: "${g}" is not one of ${BENCH_GROUPS.join(', ')}`);
  return groups as BenchGroup[];
};

export const command: Command = {
  name: 'bench',
  summary: 'benchmark suite: decoder throughput, training step, autodiff overhead, workers speedup; --memory: heap over a long run',
  usage: '[--quick] [--only decode,train,autodiff,mc] [--json bench/results.json]\n       tanner bench --memory [--seconds 600] [--workers 0] [--json bench/memory.json]',
  flags: {
    quick: { type: 'boolean', help: 'short measurements (smoke run, noisier)' },
    only: { type: 'string', help: `run only these parts: ${BENCH_GROUPS.join(', ')} [all]` },
    memory: { type: 'boolean', help: 'instead of the suite: a long Monte Carlo run sampling heap and RSS every 5 s' },
    seconds: { type: 'string', help: 'length of the --memory run in seconds [600]' },
    workers: { type: 'string', help: '--memory: 0 runs the loop in this thread (heapUsed sees everything), N > 0 on N workers [0]' },
    json: { type: 'string', help: 'write the results (with machine, node version and load) as JSON' },
  },
  run: async (a, io) => {
    const json = flagString(a, 'json');
    if (flagBool(a, 'memory')) {
      const seconds = flagNumber(a, 'seconds') ?? 600;
      if (!(seconds >= 10)) throw new UserError(`--seconds: at least 10, got ${seconds}`);
      const workers = flagInt(a, 'workers', 0) ?? 0;
      io.stderr(`tanner bench --memory: ${seconds} s of Monte Carlo (bch-63-45, min-sum T=5, 4 dB), ${workers === 0 ? 'in this thread' : `${workers} worker(s)`}\n`);
      const started = machine();
      const run = await memoryRun({
        seconds,
        workers,
        onSample: (s) => io.progress(`${s.seconds.toFixed(0)} s: ${s.frames} frames, heap ${s.heapUsedMb.toFixed(1)} MB, rss ${s.rssMb.toFixed(0)} MB`),
      });
      io.stdout(formatTable(['measure', 'value', 'unit'], run.summary.map((r) => [r.name, fmtValue(r.value), r.unit]), { align: ['l', 'r', 'l'] }));
      if (json) atomicWriteJson(resolve(io.cwd, json), { ...run, date: new Date().toISOString(), machine: started, machineAtEnd: machine() });
      return EXIT.ok;
    }
    for (const f of ['seconds', 'workers']) if (a.values[f] !== undefined) throw new UserError(`--${f} only applies to --memory`);
    const quick = flagBool(a, 'quick');
    const started = machine();
    const results = await runBenchmarks({ quick, groups: parseGroups(flagString(a, 'only')), onCase: (name) => io.progress(`benchmarking ${name}`) });
    io.stdout(formatTable(['benchmark', 'value', 'unit'], results.map((r) => [r.name, fmtValue(r.value), r.unit]), { align: ['l', 'r', 'l'] }));
    if (json) {
      atomicWriteJson(resolve(io.cwd, json), { format: 'tanner-bench/1', date: new Date().toISOString(), machine: started, machineAtEnd: machine(), quick, results });
    }
    return EXIT.ok;
  },
};
