/**
 * Build the browser demo (docs/demo/) and measure the embeddable runtime.
 *
 *   node --import tsx scripts/build-demo.ts                 # demo.js, the code's alist, weights.json if absent
 *   node --import tsx scripts/build-demo.ts --placeholder-weights   # also overwrite weights.json with all-ones weights
 *
 * It writes:
 *   docs/demo/demo.js          docs/demo/demo-src.ts bundled with esbuild (minified ESM, platform browser)
 *   docs/demo/bch-63-45.alist  H of the built-in bch-63-45, in the edge order trained weights use
 *   docs/demo/weights.json     only if absent: all-ones nnms weights for T = 5 (= plain min-sum),
 *                              a placeholder to be replaced by a trained `tanner train` weights file
 * and prints the size of `tanner/decode` (src/decode.ts) bundled for the browser.
 *
 * The functions are exported for spec/embed/, which checks that the runtime
 * bundle pulls in no Node built-in and no training code, and that the
 * committed demo.js is the build of its source.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, BuildOptions } from 'esbuild';
import { bchCode, Code, NeuralWeights, writeAlist } from '../src/decode.js';

/** The repository root (this file sits in <root>/scripts/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const demoDir = join(repoRoot, 'docs', 'demo');
export const demoSource = join(demoDir, 'demo-src.ts');
export const demoBundlePath = join(demoDir, 'demo.js');
export const demoAlistPath = join(demoDir, 'bch-63-45.alist');
export const demoWeightsPath = join(demoDir, 'weights.json');

/** The demo's code and the iteration count of its placeholder weights. */
export const DEMO_CODE = { n: 63, k: 45 } as const;
export const DEMO_ITERATIONS = 5;

/** A browser bundle: its bytes, their gzip size, and the source files it was built from (repo-relative). */
export interface BrowserBundle {
  readonly code: Uint8Array;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly inputs: string[];
}

/** esbuild options shared by both bundles: minified ESM for browsers, nothing external. */
const browserOptions = (entry: string): BuildOptions => ({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'silent',
  absWorkingDir: repoRoot,
});

/**
 * Bundle one entry for the browser. Fails (esbuild error) on any import of a
 * Node built-in, since platform 'browser' cannot resolve them.
 */
export const bundleForBrowser = async (entry: string): Promise<BrowserBundle> => {
  const result = await build(browserOptions(entry));
  const file = result.outputFiles?.[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((p) => relative(repoRoot, join(repoRoot, p)));
  return { code: file.contents, bytes: file.contents.length, gzipBytes: gzipSync(file.contents, { level: 9 }).length, inputs };
};

/** `tanner/decode` (src/decode.ts) as a browser bundle. */
export const bundleDecodeRuntime = (): Promise<BrowserBundle> => bundleForBrowser(join(repoRoot, 'src', 'decode.ts'));

/** The demo page's script as a browser bundle. */
export const bundleDemo = (): Promise<BrowserBundle> => bundleForBrowser(demoSource);

/**
 * Placeholder weights: nnms with every weight 1 (iteration-edge sharing), which
 * decodes exactly like plain min-sum. Same format as `tanner train` writes.
 */
export const placeholderWeights = (code: Code, iterations: number): NeuralWeights => ({
  format: 'tanner-weights/1',
  code: { name: code.name, n: code.n, k: code.k, edges: code.graph.edges },
  kind: 'nnms',
  iterations,
  sharing: 'iteration-edge',
  weight: new Array<number>(iterations * code.graph.edges).fill(1),
  offsetRaw: null,
  channel: null,
  clip: null,
});

const main = async (): Promise<void> => {
  const code = bchCode(DEMO_CODE.n, DEMO_CODE.k);
  writeFileSync(demoAlistPath, writeAlist(code.h));
  const forceWeights = process.argv.includes('--placeholder-weights');
  if (forceWeights || !existsSync(demoWeightsPath)) {
    writeFileSync(demoWeightsPath, `${JSON.stringify(placeholderWeights(code, DEMO_ITERATIONS))}\n`);
    console.log(`wrote ${relative(repoRoot, demoWeightsPath)} (placeholder: all-ones nnms, T=${DEMO_ITERATIONS})`);
  } else {
    const w = JSON.parse(readFileSync(demoWeightsPath, 'utf8')) as NeuralWeights;
    console.log(`kept ${relative(repoRoot, demoWeightsPath)} (${w.kind} T=${w.iterations})`);
  }
  const demo = await bundleDemo();
  writeFileSync(demoBundlePath, demo.code);
  console.log(`wrote ${relative(repoRoot, demoBundlePath)}: ${demo.bytes} bytes, ${demo.gzipBytes} gzipped`);
  const runtime = await bundleDecodeRuntime();
  console.log(`tanner/decode (src/decode.ts), minified ESM for browsers: ${runtime.bytes} bytes, ${runtime.gzipBytes} gzipped, ${runtime.inputs.length} source files`);
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
