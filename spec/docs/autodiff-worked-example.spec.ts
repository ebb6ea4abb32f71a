import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';

/**
 * docs/autodiff.md's worked example is a tutorial a student follows line by
 * line: run its code block as written (importing the sources instead of the
 * built package) and check the numbers the text states.
 */
const root = resolve(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/autodiff.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Worked example'));

describe('docs/autodiff.md worked example', () => {
  it('runs as written and gives the loss, the gradient and the tape the text states', async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(code, 'no ts code block in the worked example');
    const stated = {
      loss: Number(/L = ([0-9.]+)/.exec(section)?.[1]),
      gradient: /\*\*\[([-0-9., ]+)\]\*\*/.exec(section)?.[1].split(',').map(Number),
      tape: /Only 7 nodes are on the tape: `([^`]+)`/.exec(section)?.[1].split(/,\s*/),
    };
    assert.ok(stated.loss > 0 && stated.gradient?.length === 4 && stated.tape?.length === 7, `could not read the stated numbers: ${JSON.stringify(stated)}`);
    const dir = mkdtempSync(join(tmpdir(), 'tanner-doc-'));
    try {
      const file = join(dir, 'example.ts');
      const source = code.replace(/from 'tanner'/, `from ${JSON.stringify(pathToFileURL(join(root, 'src/index.ts')).href)}`);
      writeFileSync(file, `${source}\nexport const out = { loss: loss.data[0], gradient: Array.from(g!), tape: tape!.nodes.map((n) => n.prim) };\n`);
      const { out } = (await import(pathToFileURL(file).href)) as { out: { loss: number; gradient: number[]; tape: string[] } };
      assert.ok(Math.abs(out.loss - stated.loss) < 5e-7, `loss ${out.loss} vs stated ${stated.loss}`);
      out.gradient.forEach((x, i) => assert.ok(Math.abs(x - stated.gradient![i]) < 5e-7, `gradient[${i}] ${x} vs stated ${stated.gradient![i]}`));
      assert.deepEqual(out.tape, stated.tape);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
