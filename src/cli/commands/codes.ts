import { builtinCodeNames, loadCode } from '../../codes/builtin.js';
import { codeInfo, formatCodeInfo } from '../../codes/info.js';
import { formatTable } from '../../report/table.js';
import { atomicWriteJson } from '../../util/atomic-write.js';
import { UserError } from '../../util/errors.js';
import { resolve } from 'node:path';
import { Command, EXIT, flagString } from '../command.js';
import { loadCodeFrom } from '../config-flags.js';

const SUBCOMMANDS = ['list', 'info'] as const;

/** `tanner codes list`: every built-in code with n, k, m and E. */
const listCodes = (): string =>
  formatTable(
    ['name', 'n', 'k', 'm', 'edges', 'rate'],
    builtinCodeNames.map((name) => {
      const c = loadCode(name);
      return [name, c.n, c.k, c.m, c.graph.edges, c.rate.toFixed(4)];
    }),
  ) + 'Any other bch-N-K (N = 2^m - 1) and any .alist or dense 0/1 file path also work.\n';

export const command: Command = {
  name: 'codes',
  summary: 'list the built-in codes, or describe one (n, k, degrees, girth)',
  usage: 'list | info <code> [--json out.json]',
  allowPositionals: true,
  flags: {
    json: { type: 'string', help: 'info: also write the summary as JSON to this file' },
  },
  run: async (a, io) => {
    const [sub, ...rest] = a.positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UserError(`expected a subcommand: ${SUBCOMMANDS.join(' | ')} (got ${sub === undefined ? 'nothing' : `"${sub}"`})`);
    }
    if (sub === 'list') {
      if (rest.length) throw new UserError(`codes list takes no arguments (got ${rest.join(' ')})`);
      io.stdout(listCodes());
      return EXIT.ok;
    }
    if (rest.length !== 1) throw new UserError('usage: tanner codes info <code name or file>');
    const info = codeInfo(loadCodeFrom(io.cwd, rest[0]));
    io.stdout(`${formatCodeInfo(info)}\n`);
    const json = flagString(a, 'json');
    if (json) atomicWriteJson(resolve(io.cwd, json), { ...info, girth: info.girth === Infinity ? 'none' : info.girth });
    return EXIT.ok;
  },
};
