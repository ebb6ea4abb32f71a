import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { runBenchmarks } from '../../bench/run.js';
import { formatTable } from '../../report/table.js';
import { atomicWriteJson } from '../../util/atomic-write.js';
import { Command, EXIT, flagBool, flagString } from '../command.js';

const fmtRate = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));

export const command: Command = {
  name: 'bench',
  summary: 'decoder throughput benchmarks (frames/s, edge-updates/s)',
  usage: '[--quick] [--json bench/results.json]',
  flags: {
    quick: { type: 'boolean', help: 'short measurements (smoke run, noisier)' },
    json: { type: 'string', help: 'write the results (with machine and node version) as JSON' },
  },
  run: async (a, io) => {
    const quick = flagBool(a, 'quick');
    const results = await runBenchmarks({ quick, onCase: (name) => io.progress(`benchmarking ${name}`) });
    io.stdout(formatTable(['benchmark', 'value', 'unit'], results.map((r) => [r.name, fmtRate(r.value), r.unit]), { align: ['l', 'r', 'l'] }));
    const json = flagString(a, 'json');
    if (json) {
      atomicWriteJson(resolve(io.cwd, json), {
        format: 'tanner-bench/1',
        date: new Date().toISOString(),
        machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: process.platform },
        quick,
        results,
      });
    }
    return EXIT.ok;
  },
};
