/**
 * The browser demo decodes in a real browser: docs/demo/ is served on a
 * localhost port, headless Chromium opens `index.html?auto=200`, and the
 * dumped DOM must report 200 decoded frames with a finite BER for both
 * decoders and a drawn Tanner graph.
 *
 * Chromium is required (CI installs Debian's `chromium`): if it is missing
 * the test fails, unless TANNER_SKIP_BROWSER=1 is set. TANNER_CHROMIUM
 * overrides the binary (default /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { demoDir } from '../../scripts/build-demo.js';
import { bchCode } from '../../src/decode.js';

const chromium = process.env.TANNER_CHROMIUM ?? '/usr/bin/chromium';
const skip = process.env.TANNER_SKIP_BROWSER === '1';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.alist': 'text/plain; charset=utf-8',
};

/** A static server for docs/demo/ (module scripts need a JavaScript MIME type). */
const serveDemo = (): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = normalize(join(demoDir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
      const file = path.endsWith(sep) ? join(path, 'index.html') : path;
      if (!file.startsWith(demoDir) || !existsSync(file) || !MIME[extname(file)]) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] }).end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });

/** The attributes of the element with id `id` in an HTML dump. */
const attributesOf = (html: string, id: string): Record<string, string> => {
  const tag = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  assert.ok(tag, `no element #${id} in the dumped DOM:\n${html.slice(0, 2000)}`);
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
};

describe('the browser demo (docs/demo/)', { skip: skip ? 'TANNER_SKIP_BROWSER=1' : false }, () => {
  let server: Server;
  let profile: string;
  before(async () => {
    server = await serveDemo();
    profile = mkdtempSync(join(tmpdir(), 'tanner-chromium-'));
  });
  after(() => {
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('decodes 200 frames in headless Chromium and reports a finite BER', async () => {
    assert.ok(
      existsSync(chromium),
      `Chromium not found at ${chromium}: install it (apt-get install -y chromium), set TANNER_CHROMIUM, or set TANNER_SKIP_BROWSER=1 to skip this test`,
    );
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/index.html?auto=200&ebn0=4`;
    const { stdout } = await promisify(execFile)(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        // Let the page's fetches and script finish before the DOM is dumped.
        '--virtual-time-budget=15000',
        '--dump-dom',
        url,
      ],
      { timeout: 90_000, maxBuffer: 32 * 1024 * 1024 },
    );
    const results = attributesOf(stdout, 'results');
    assert.equal(results['data-status'], 'done', `the page did not finish: ${JSON.stringify(results)}`);
    assert.equal(Number(results['data-frames']), 200);
    assert.equal(Number(results['data-ebn0-db']), 4);
    for (const key of ['data-ber-neural', 'data-ber-plain', 'data-fer-neural', 'data-fer-plain']) {
      const x = Number(results[key]);
      assert.ok(Number.isFinite(x) && x >= 0 && x <= 1, `${key} = ${results[key]} is not a rate`);
    }
    // At 4 dB BCH(63,45) with 5 min-sum iterations makes errors, so the counters really counted.
    assert.ok(Number(results['data-ber-plain']) > 0, 'no bit error in 200 frames at 4 dB: the channel did not run');
    // The shipped weights are trained: fewer bit errors than plain min-sum on the same noise (about 2.2x at 4 dB).
    assert.ok(
      Number(results['data-ber-neural']) < 0.7 * Number(results['data-ber-plain']),
      `neural BER ${results['data-ber-neural']} is not clearly below plain min-sum's ${results['data-ber-plain']}`,
    );
    const code = bchCode(63, 45);
    assert.equal(stdout.match(/<line /g)?.length, code.graph.edges, 'one SVG line per Tanner-graph edge');
    assert.equal(stdout.match(/<circle /g)?.length, code.n, 'one circle per variable node');
  });
});
