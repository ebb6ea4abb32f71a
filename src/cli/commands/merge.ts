import { resolve } from 'node:path';
import { checkShardPart, mergeShardParts } from '../../sim/shard.js';
import { UserError } from '../../util/errors.js';
import { Command, flagString } from '../command.js';
import { readJsonFile } from '../config-flags.js';
import { curveJson, writeCurve } from './ber.js';

export const command: Command = {
  name: 'merge',
  summary: 'merge the part files of a sharded tanner ber run (--shard i/N) into the one-machine result',
  usage: 'part-0.json part-1.json ... [--json out.json] [--csv out.csv]',
  allowPositionals: true,
  flags: {
    json: { type: 'string', help: 'write the merged curve as JSON (the format of tanner ber --json)' },
    csv: { type: 'string', help: 'write the merged points as CSV' },
  },
  run: async (args, io) => {
    if (args.positionals.length === 0) throw new UserError('expected the part files of every shard (tanner ber --shard i/N --json part-i.json)');
    const parts = args.positionals.map((path) => ({ path, part: checkShardPart(readJsonFile(resolve(io.cwd, path), 'part'), path) }));
    const merged = mergeShardParts(parts);
    io.stderr(`tanner merge: ${merged.shards} shard(s), ${merged.params.ebn0Db.length} Eb/N0 point(s)\n`);
    const json = curveJson(merged.params.run, merged.result, { mergedShards: merged.shards });
    return writeCurve(io, merged.result, json, { json: flagString(args, 'json'), csv: flagString(args, 'csv') }, merged.params.rule.stopBelowBer);
  },
};
