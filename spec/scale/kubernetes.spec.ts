/**
 * The Kubernetes manifests of docs/scale.md: no cluster here, so the test
 * reads them from the page and checks what can be checked. The shard Job is
 * an Indexed Job whose completion count is the N of --shard; substituting
 * each completion index into its command line gives a command the CLI
 * accepts: the argument parser and every check of `tanner ber` (run with
 * the interrupt already raised, the volume mapped to a temp dir), down to the
 * part file it writes. The merge Job's command line, its glob expanded over
 * those parts, reads exactly them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CliIO, Command, EXIT, parseCommandArgs } from '../../src/cli/command.js';
import { loadCommands } from '../../src/cli/registry.js';
import { parseYamlDocuments, YamlValue } from './yaml-subset.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docPath = join(root, 'docs', 'scale.md');

type Obj = { [key: string]: YamlValue };
const obj = (v: YamlValue | undefined, what: string): Obj => {
  assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${what} must be a mapping`);
  return v as Obj;
};
const list = (v: YamlValue | undefined, what: string): YamlValue[] => {
  assert.ok(Array.isArray(v), `${what} must be a sequence`);
  return v;
};
const strings = (v: YamlValue | undefined, what: string): string[] =>
  list(v, what).map((x, i) => {
    assert.equal(typeof x, 'string', `${what}[${i}] must be a string (quote numbers in command lines)`);
    return x as string;
  });

/** Every document of every ```yaml block of a markdown text. */
const yamlBlocks = (markdown: string): YamlValue[] => [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].flatMap((m) => parseYamlDocuments(m[1]));

const jobs = (docs: YamlValue[]): Obj[] => docs.map((d) => obj(d, 'manifest')).filter((d) => d.kind === 'Job' && d.apiVersion === 'batch/v1');

/** The only container of a Job's pod template, and the pod spec. */
const podOf = (job: Obj) => {
  const pod = obj(obj(obj(job.spec, 'spec').template, 'spec.template').spec, 'spec.template.spec');
  const containers = list(pod.containers, 'containers');
  assert.equal(containers.length, 1, 'one container per pod');
  return { pod, container: obj(containers[0], 'containers[0]') };
};

/** The claim the container's volume mount at `mountPath` comes from. */
const claimAt = (pod: Obj, container: Obj): { mountPath: string; claim: string } => {
  const mounts = list(container.volumeMounts, 'volumeMounts').map((m) => obj(m, 'volumeMount'));
  assert.equal(mounts.length, 1, 'one volume mount');
  const volume = list(pod.volumes, 'volumes')
    .map((v) => obj(v, 'volume'))
    .find((v) => v.name === mounts[0].name);
  assert.ok(volume, `no volume named ${mounts[0].name}`);
  return { mountPath: String(mounts[0].mountPath), claim: String(obj(volume.persistentVolumeClaim, 'persistentVolumeClaim').claimName) };
};

const scratch = mkdtempSync(join(tmpdir(), 'tanner-k8s-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Run a command of the CLI by name with the interrupt already raised, in `cwd`. */
const runInterrupted = async (commands: Command[], argv: string[], cwd: string): Promise<number> => {
  const cmd = commands.find((c) => c.name === argv[0]);
  assert.ok(cmd, `no command "${argv[0]}"`);
  const controller = new AbortController();
  controller.abort();
  const io: CliIO = { stdout: () => undefined, stderr: () => undefined, progress: () => undefined, signal: controller.signal, cwd };
  return cmd.run(parseCommandArgs(cmd, argv.slice(1)), io);
};

describe('the YAML subset reader', () => {
  it('reads mappings, sequences (also at the key indent), "- key:" items, flow collections, quotes, literals and comments', () => {
    const text = [
      'a: 1  # comment',
      'b:',
      '  - x',
      '  - "y: z"',
      '  - k: v',
      '    n: [1, "two", \'th\'\'ree\']',
      'c:',
      '- p',
      'd: { cpu: "2", q: true }',
      'e: |',
      '  line one',
      '    indented',
      'f: $(X)/8 # trailing',
      '---',
      'g: ~',
    ].join('\n');
    assert.deepEqual(parseYamlDocuments(text), [
      { a: 1, b: ['x', 'y: z', { k: 'v', n: [1, 'two', "th'ree"] }], c: ['p'], d: { cpu: '2', q: true }, e: 'line one\n  indented\n', f: '$(X)/8' },
      { g: null },
    ]);
  });

  it('refuses what it does not support instead of misreading it', () => {
    assert.throws(() => parseYamlDocuments('a: &anchor 1'), /line 1: unsupported/);
    assert.throws(() => parseYamlDocuments('a: 1\nb: [1,\n  2]'), /line 2: a flow sequence must close/);
    assert.throws(() => parseYamlDocuments('a: 1\na: 2'), /line 2: duplicate key/);
    assert.throws(() => parseYamlDocuments('a:\n\t- 1'), /tabs/);
  });
});

describe('Kubernetes manifests in docs/scale.md', () => {
  const docs = yamlBlocks(readFileSync(docPath, 'utf8'));
  const indexed = jobs(docs).filter((j) => obj(j.spec, 'spec').completionMode === 'Indexed');
  const merges = jobs(docs).filter((j) => obj(j.spec, 'spec').completionMode !== 'Indexed');

  it('has one Indexed shard Job, one merge Job and the claim they share', () => {
    assert.equal(indexed.length, 1, 'one Indexed Job');
    assert.equal(merges.length, 1, 'one merge Job');
    const claims = docs.map((d) => obj(d, 'manifest')).filter((d) => d.kind === 'PersistentVolumeClaim');
    assert.equal(claims.length, 1);
    const name = obj(claims[0].metadata, 'metadata').name;
    for (const job of [...indexed, ...merges]) {
      const { pod, container } = podOf(job);
      assert.equal(claimAt(pod, container).claim, name);
      assert.equal(pod.restartPolicy, 'Never');
    }
  });

  it('each completion index gives a tanner ber --shard i/N command the CLI accepts, and merge reads exactly those parts', async () => {
    const job = indexed[0];
    const spec = obj(job.spec, 'spec');
    const n = spec.completions;
    assert.ok(typeof n === 'number' && Number.isInteger(n) && n >= 2, 'completions is the shard count');
    const { pod, container } = podOf(job);
    const env = list(container.env, 'env').map((e) => obj(e, 'env var'));
    const indexVar = env.find((e) => e.name === 'JOB_COMPLETION_INDEX');
    assert.ok(indexVar, 'JOB_COMPLETION_INDEX is declared');
    assert.equal(obj(obj(indexVar.valueFrom, 'valueFrom').fieldRef, 'fieldRef').fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");

    const command = strings(container.command, 'command');
    assert.deepEqual(command, ['node', '/app/bin/tanner.js'], 'the image runs the built CLI');
    const args = strings(container.args, 'args');
    assert.equal(args[0], 'ber');
    assert.equal(args[args.indexOf('--shard') + 1], `$(JOB_COMPLETION_INDEX)/${n}`, 'the N of --shard is the completion count');
    const workers = Number(args[args.indexOf('--workers') + 1]);
    const cpu = obj(obj(container.resources, 'resources').requests, 'requests').cpu;
    assert.equal(workers, Number(cpu), '--workers matches the CPU request');

    const { mountPath } = claimAt(pod, container);
    const volume = join(scratch, 'results');
    const local = (s: string) => s.split(`${mountPath}/`).join(`${volume}/`);
    const commands = await loadCommands();
    for (let i = 0; i < n; i++) {
      const argv = args.map((a) => local(a.split('$(JOB_COMPLETION_INDEX)').join(String(i))));
      assert.ok(!argv.some((a) => a.includes('$(')), `unexpanded variable in ${argv.join(' ')}`);
      // Interrupted before the first block: every check ran, and the part is written (marked interrupted).
      assert.equal(await runInterrupted(commands, argv, scratch), EXIT.interrupted, argv.join(' '));
      const part = JSON.parse(readFileSync(join(volume, `part-${i}.json`), 'utf8'));
      assert.deepEqual(part.shard, { index: i, count: n });
    }

    const m = podOf(merges[0]);
    assert.deepEqual(strings(m.container.command, 'merge command'), ['sh', '-c']);
    const [script] = strings(m.container.args, 'merge args');
    assert.equal(claimAt(m.pod, m.container).mountPath, mountPath);
    const words = local(script).trim().split(/\s+/);
    assert.deepEqual(words.slice(0, 3), ['node', '/app/bin/tanner.js', 'merge']);
    // The shell's glob, over the parts the shards wrote.
    const expanded = words.slice(2).flatMap((w) => {
      if (!w.includes('*')) return [w];
      const re = new RegExp(`^${w.split('/').pop()!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      const folder = dirname(w);
      return existsSync(folder) ? readdirSync(folder).filter((f) => re.test(f)).sort().map((f) => join(folder, f)) : [w];
    });
    const mergeArgs = parseCommandArgs(commands.find((c) => c.name === 'merge')!, expanded.slice(1));
    assert.deepEqual([...mergeArgs.positionals].sort(), Array.from({ length: n }, (_, i) => join(volume, `part-${i}.json`)).sort());
    // It reads and checks them all; these parts were interrupted on purpose, so it refuses to merge.
    await assert.rejects(runInterrupted(commands, expanded, scratch), /was interrupted; run that shard again/);
  });
});
