import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_OUTPUTS, renderCliDoc } from '../../src/cli/cli-doc.js';
import { EXIT } from '../../src/cli/command.js';
import { loadCommands } from '../../src/cli/registry.js';
import { packageRoot } from '../../src/util/package-root.js';

const commands = await loadCommands();
// Rendering runs every example of the errors section; a run that no longer fails makes it throw.
const rendered = await renderCliDoc(commands);

describe('docs/cli.md', () => {
  it('is up to date (regenerate: npm run docs:cli)', () => {
    assert.equal(readFileSync(join(packageRoot(), 'docs', 'cli.md'), 'utf8'), rendered);
  });

  it('has a section for every registered command, with every flag and what it writes', () => {
    for (const c of commands) {
      const start = rendered.indexOf(`### tanner ${c.name}\n`);
      assert.ok(start >= 0, c.name);
      const section = rendered.slice(start, rendered.indexOf('\n### ', start + 1));
      for (const flag of Object.keys(c.flags)) assert.match(section, new RegExp(`--${flag}\\b`), `${c.name} --${flag}`);
      assert.ok(COMMAND_OUTPUTS[c.name].length > 0);
      for (const flag of ['json', 'csv', 'out'].filter((f) => f in c.flags)) {
        assert.ok(COMMAND_OUTPUTS[c.name].some((o) => o.includes(`--${flag}`) || o.includes(`<${flag}>`)), `${c.name}: what --${flag} writes`);
      }
    }
  });

  it('documents every exit code, and every error example shows its exit code and a tanner message', () => {
    for (const code of Object.values(EXIT)) assert.match(rendered, new RegExp(`^\\| ${code} \\| `, 'm'), `exit ${code}`);
    const examples = rendered.slice(rendered.indexOf('## Errors you can meet'), rendered.indexOf('## Sign and scale'));
    const blocks = examples.split('  ```text\n').slice(1);
    assert.ok(blocks.length >= 25, `only ${blocks.length} examples`);
    for (const b of blocks) {
      const [command, ...output] = b.split('\n');
      assert.match(command, /^ {2}\$ tanner /);
      assert.match(output[0], /^ {2}(tanner|train)[ :]/, command);
    }
    assert.doesNotMatch(rendered, /\/tmp\/|tanner-cli-doc-/, 'no scratch paths leak into the doc');
    assert.doesNotMatch(examples, /^\s+at /m, 'no stack traces');
  });
});
