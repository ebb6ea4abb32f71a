import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import {
  configFieldDocs,
  configFieldPaths,
  decodeRunConfig,
  defaultRunConfig,
  describeConfig,
  exampleRunConfigInput,
  renderConfigDoc,
} from '../../src/config/index.js';
import { packageRoot } from '../../src/util/package-root.js';

/** Dotted paths of the leaves (non-object values; lists count as leaves) of a plain object. */
const leafPaths = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix === '' ? k : `${prefix}.${k}`))
    : [prefix];

const valueAt = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);

describe('config reference', () => {
  it('has a doc entry for every codec field and no entry for anything else', () => {
    const fields = configFieldPaths();
    const documented = Object.keys(configFieldDocs);
    assert.deepEqual(
      fields.filter((p) => !documented.includes(p)),
      [],
      'fields without a doc entry',
    );
    assert.deepEqual(
      documented.filter((p) => !fields.includes(p)),
      [],
      'doc entries without a field',
    );
    for (const d of describeConfig()) assert.ok(d.doc.trim().length > 0, `${d.path} has an empty doc`);
  });

  it('describes exactly the leaves of the default config, with their default values', () => {
    assert.deepEqual(describeConfig().map((d) => d.path), leafPaths(defaultRunConfig));
    for (const d of describeConfig()) {
      assert.deepEqual(d.defaultValue, valueAt(defaultRunConfig, d.path), d.path);
      assert.equal(d.default, JSON.stringify(valueAt(defaultRunConfig, d.path)), d.path);
    }
  });

  it('gives each field the type words its error messages use', () => {
    const byPath = new Map(describeConfig().map((d) => [d.path, d.type]));
    assert.equal(byPath.get('loss.pKd'), 'a number > 0');
    assert.equal(byPath.get('loss.t0'), 'an integer >= 0 or null');
    assert.equal(byPath.get('student.kind'), 'one of "nnms", "noms"');
  });

  it('has an example that decodes', () => {
    const decoded = decodeRunConfig(exampleRunConfigInput);
    assert.ok(isRight(decoded));
    assert.equal(decoded.right.code, 'bch-63-51');
  });

  it('docs/config.md is up to date (regenerate: node --import tsx scripts/gen-config-doc.ts > docs/config.md)', () => {
    const onDisk = readFileSync(join(packageRoot(), 'docs', 'config.md'), 'utf8');
    assert.equal(onDisk, renderConfigDoc());
  });

  it('lists every field in docs/config.md', () => {
    const doc = renderConfigDoc();
    for (const path of configFieldPaths()) assert.ok(doc.includes(`| \`${path}\` |`), path);
  });
});
