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

/** Write a doc's code block (importing the sources, its logging silenced, `tail` appended) to a temp file and import it. */
const runBlock = async <T>(code: string, tail: string): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'tanner-doc-'));
  try {
    const file = join(dir, 'example.ts');
    const source = code
      .replace(/from 'tanner'/, `from ${JSON.stringify(pathToFileURL(join(root, 'src/index.ts')).href)}`)
      .replace(/console\.log\(/g, 'void (');
    writeFileSync(file, `${source}\n${tail}\n`);
    return ((await import(pathToFileURL(file).href)) as { out: T }).out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('docs/autodiff.md: how the tape works', () => {
  it('the first snippet runs as written and gives the loss and gradient its comment states', async () => {
    const part = doc.slice(doc.indexOf('## How the tape works'));
    const code = /```ts\n([\s\S]*?)```/.exec(part)?.[1];
    assert.ok(code, 'no ts code block');
    const stated = /\/\/ ([0-9.]+), Float64Array \[([-0-9., ]+)\]/.exec(code);
    assert.ok(stated, 'no stated result in the snippet');
    const out = await runBlock<{ loss: number; gradient: number[] }>(code, 'export const out = { loss: loss.data[0], gradient: Array.from(grads.get(w)!) };');
    assert.ok(Math.abs(out.loss - Number(stated[1])) < 1e-12, `loss ${out.loss}`);
    const want = stated[2].split(',').map(Number);
    assert.equal(out.gradient.length, want.length);
    out.gradient.forEach((x, i) => assert.ok(Math.abs(x - want[i]) < 1e-12, `gradient[${i}] ${x} vs ${want[i]}`));
  });
});

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
    const out = await runBlock<{ loss: number; gradient: number[]; tape: string[] }>(
      code,
      'export const out = { loss: loss.data[0], gradient: Array.from(g!), tape: tape!.nodes.map((n) => n.prim) };',
    );
    assert.ok(Math.abs(out.loss - stated.loss) < 5e-7, `loss ${out.loss} vs stated ${stated.loss}`);
    out.gradient.forEach((x, i) => assert.ok(Math.abs(x - stated.gradient![i]) < 5e-7, `gradient[${i}] ${x} vs stated ${stated.gradient![i]}`));
    assert.deepEqual(out.tape, stated.tape);
  });
});
