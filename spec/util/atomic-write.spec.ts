import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { atomicWriteFile, atomicWriteJson } from '../../src/util/atomic-write.js';
import { packageRoot } from '../../src/util/package-root.js';

/** mulberry32: a tiny seeded generator so kill times are reproducible. */
const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The payload a child writes for (run, version): deterministic, so the parent can check it. */
const PAYLOAD_CHARS = 1_500_000;
const expectedPayload = (run: number, version: number): string =>
  `${run}:${version}:`.padEnd(64, '.').repeat(Math.ceil(PAYLOAD_CHARS / 64)).slice(0, PAYLOAD_CHARS);

describe('atomicWriteFile', () => {
  it('creates parent folders, writes strings and bytes, and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanner-aw-'));
    try {
      const target = join(dir, 'a', 'b', 'out.txt');
      atomicWriteFile(target, 'first');
      assert.equal(readFileSync(target, 'utf8'), 'first');
      atomicWriteFile(target, new Uint8Array([104, 105]));
      assert.equal(readFileSync(target, 'utf8'), 'hi');
      assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['out.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('atomicWriteJson writes pretty JSON with a trailing newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanner-aw-'));
    try {
      const target = join(dir, 'x.json');
      atomicWriteJson(target, { step: 3, w: [1, 2] });
      const text = readFileSync(target, 'utf8');
      assert.equal(text, '{\n  "step": 3,\n  "w": [\n    1,\n    2\n  ]\n}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('survives SIGKILL at random moments: the target is absent or one complete version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanner-aw-kill-'));
    const target = join(dir, 'ckpt', 'state.json');
    const script = join(dir, 'writer.ts');
    const moduleUrl = pathToFileURL(join(packageRoot(), 'src', 'util', 'atomic-write.ts')).href;
    // The child rewrites the target forever with ever newer versions.
    writeFileSync(
      script,
      [
        `import { atomicWriteJson } from ${JSON.stringify(moduleUrl)};`,
        `const run = Number(process.argv[2]); const target = process.argv[3];`,
        `const payload = (v) => (run + ':' + v + ':').padEnd(64, '.').repeat(Math.ceil(${PAYLOAD_CHARS} / 64)).slice(0, ${PAYLOAD_CHARS});`,
        `process.stdout.write('ready\\n');`,
        `for (let v = 1; ; v++) atomicWriteJson(target, { run, version: v, payload: payload(v) });`,
      ].join('\n'),
    );
    const rand = seeded(90210);
    // Version 1 of a fictitious run 0 is there before any child starts, so
    // every kill tests "old or new", never "absent".
    atomicWriteJson(target, { run: 0, version: 1, payload: expectedPayload(0, 1) });
    let last = { run: 0, version: 1 };
    let overwritesSeen = 0;
    try {
      for (let run = 1; run <= 3; run++) {
        const child = spawn(process.execPath, ['--import', 'tsx', script, String(run), target], {
          cwd: packageRoot(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += String(d)));
        await new Promise<void>((resolve, reject) => {
          child.stdout.once('data', () => resolve());
          child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
        });
        const delayMs = 30 + Math.floor(rand() * 150);
        await new Promise((r) => setTimeout(r, delayMs));
        const exited = new Promise((r) => child.once('exit', r));
        assert.ok(child.kill('SIGKILL'), 'kill failed');
        await exited;

        assert.ok(existsSync(target), `target vanished after run ${run}`);
        const state = JSON.parse(readFileSync(target, 'utf8')) as { run: number; version: number; payload: string };
        assert.ok(Number.isInteger(state.version) && state.version >= 1, `bad version ${state.version}`);
        assert.ok(state.run >= last.run && state.run <= run, `run ${state.run} after run ${last.run}, now ${run}`);
        assert.ok(state.run > last.run || state.version >= last.version, 'went back to an older version');
        assert.equal(state.payload, expectedPayload(state.run, state.version), 'torn payload');
        if (state.run === run) overwritesSeen += 1;
        last = { run: state.run, version: state.version };
      }
      // Guard: the scenario really happened, i.e. children committed new
      // versions over an existing file before being killed.
      assert.ok(overwritesSeen > 0, 'no child ever committed a version: kills came too early to test anything');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
