/**
 * `tanner/decode` stays embeddable: bundled for the browser it pulls in no
 * Node built-in (esbuild with platform 'browser' fails on them) and none of
 * the training code; and the committed demo files are the build of their sources.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  bundleDecodeRuntime,
  bundleDemo,
  bundleForBrowser,
  DEMO_CODE,
  demoAlistPath,
  demoBundlePath,
  demoWeightsPath,
  repoRoot,
} from '../../scripts/build-demo.js';
import { bchCode, createDecoder, parseAlist, parseNeuralWeights, writeAlist } from '../../src/decode.js';

/** Folders and packages the decoding runtime must never contain. */
const FORBIDDEN = [/^src\/autodiff\//, /^src\/train\//, /^src\/config\//, /^src\/losses\//, /^src\/sim\//, /^src\/cli\//, /node_modules\/(io-ts|fp-ts)\//];
/** The only folders it may draw from. */
const ALLOWED = [/^src\/decode\.ts$/, /^src\/codes\//, /^src\/channel\//, /^src\/decoders\//, /^src\/util\/errors\.ts$/];

const scratch = mkdtempSync(join(tmpdir(), 'tanner-bundle-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the tanner/decode browser bundle', () => {
  it('bundles for platform browser from the decoding stages alone', async () => {
    const runtime = await bundleDecodeRuntime();
    const forbidden = runtime.inputs.filter((p) => FORBIDDEN.some((re) => re.test(p)));
    assert.deepEqual(forbidden, [], `training code pulled into tanner/decode: ${forbidden.join(', ')}`);
    const unexpected = runtime.inputs.filter((p) => !ALLOWED.some((re) => re.test(p)));
    assert.deepEqual(unexpected, [], `tanner/decode draws from outside codes/, channel/, decoders/: ${unexpected.join(', ')}`);
    assert.ok(runtime.inputs.includes('src/decoders/min-sum.ts'), 'the min-sum kernel must be in the bundle');
    // A budget, not a golden value: docs/embedding.md records the measured sizes.
    assert.ok(runtime.bytes < 40_000, `bundle grew to ${runtime.bytes} bytes`);
    assert.ok(runtime.gzipBytes < 15_000, `bundle grew to ${runtime.gzipBytes} gzipped bytes`);
  });

  it('the guard can fail: a Node built-in or the training entry does not pass', async () => {
    const fsEntry = join(scratch, 'uses-fs.ts');
    writeFileSync(fsEntry, "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');\n");
    await assert.rejects(bundleForBrowser(fsEntry), /node:fs/);
    // The full library reads files (loadCode) and trains: either esbuild refuses it or the inputs show the training code.
    const full = await bundleForBrowser(join(repoRoot, 'src', 'index.ts')).catch(() => null);
    if (full !== null) assert.ok(full.inputs.some((p) => FORBIDDEN.some((re) => re.test(p))));
  });

  it('the bundle runs: it decodes a noiseless word', async () => {
    const runtime = await bundleDecodeRuntime();
    const file = join(scratch, 'decode.bundle.mjs');
    writeFileSync(file, runtime.code);
    const mod = (await import(new URL(`file://${file}`).href)) as typeof import('../../src/decode.js');
    const code = mod.bchCode(15, 7);
    const word = mod.encode(code, [1, 0, 1, 1, 0, 0, 1]);
    const out = mod.createDecoder(code, { kind: 'ms', iterations: 3 }).decode(mod.channelLlr(mod.bpsk(word), 1));
    assert.ok(word.some((b) => b === 1), 'the test word must not be all-zero');
    assert.deepEqual(Array.from(out.hard), Array.from(word));
  });
});

describe('the committed demo files', () => {
  it('demo.js is the build of docs/demo/demo-src.ts (rebuild: node --import tsx scripts/build-demo.ts)', async () => {
    const built = await bundleDemo();
    const committed = readFileSync(demoBundlePath);
    assert.ok(Buffer.from(built.code).equals(committed), 'docs/demo/demo.js is stale: run node --import tsx scripts/build-demo.ts');
    assert.ok(!built.inputs.some((p) => FORBIDDEN.some((re) => re.test(p))));
  });

  it('bch-63-45.alist is H of the built-in bch-63-45 and weights.json fits it', () => {
    const code = bchCode(DEMO_CODE.n, DEMO_CODE.k);
    const text = readFileSync(demoAlistPath, 'utf8');
    assert.equal(text, writeAlist(code.h));
    assert.deepEqual(parseAlist(text).rows, code.h.rows);
    const weights = parseNeuralWeights(JSON.parse(readFileSync(demoWeightsPath, 'utf8')), code);
    assert.equal(createDecoder(code, weights).iterations, weights.iterations);
  });
});
