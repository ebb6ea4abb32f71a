import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIGURES, figuresDir, tannerGraphSvg } from '../../scripts/gen-figures.js';

describe('docs/figures', () => {
  for (const [name, draw] of Object.entries(FIGURES)) {
    it(`${name} is the output of scripts/gen-figures.ts (regenerate: node --import tsx scripts/gen-figures.ts)`, () => {
      assert.equal(readFileSync(join(figuresDir, name), 'utf8'), draw());
    });
  }

  it('the Tanner graph figure draws one line per edge of Hamming(7,4) and one node per check and variable', () => {
    const svg = tannerGraphSvg();
    assert.equal(svg.match(/<line x1="\d+" y1="86"/g)?.length, 12, 'twelve edges from the checks');
    assert.equal(svg.match(/<circle /g)?.length, 7);
    assert.equal(svg.match(/<rect x="\d+" y="54"/g)?.length, 3);
  });

  it('docs/method.md shows both figures', () => {
    const md = readFileSync(join(figuresDir, '..', 'method.md'), 'utf8');
    for (const name of Object.keys(FIGURES)) assert.ok(md.includes(`](figures/${name})`), name);
  });
});
