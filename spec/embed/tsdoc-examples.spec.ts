/**
 * The `@example` blocks of the public entry points are run, so they cannot
 * rot: every ```ts block inside an `@example` of src/index.ts and
 * src/decode.ts is written to a temp dir (imports of 'tanner' and
 * 'tanner/decode' pointed at the sources), typechecked with the project's
 * compiler options, and run with `node --import tsx`, expecting exit 0.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entryPoints = { 'tanner/decode': join(root, 'src', 'decode.ts'), tanner: join(root, 'src', 'index.ts') } as const;

interface DocExample {
  /** the documented export, e.g. "decode.ts:createDecoder" */
  readonly name: string;
  readonly code: string;
}

/**
 * The ```ts blocks inside `@example` tags of the doc comments of one file,
 * each named by the declaration the comment documents.
 */
const extractExamples = (path: string, label: string): DocExample[] => {
  const text = readFileSync(path, 'utf8');
  const out: DocExample[] = [];
  for (const match of text.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(?:export\s+(?:const|function|class|interface|type)\s+(\w+))?/g)) {
    const body = match[1]
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .join('\n');
    const at = body.search(/^@example\b/m); // the tag, not the word in prose
    if (at < 0) continue;
    const blocks = [...body.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)].map((b) => b[1]);
    assert.ok(blocks.length > 0, `${label}: an @example of ${match[2] ?? '(unnamed)'} has no \`\`\`ts block`);
    blocks.forEach((code, i) => out.push({ name: `${label}:${match[2] ?? 'module'}${blocks.length > 1 ? `#${i + 1}` : ''}`, code }));
  }
  return out;
};

/** Point `from 'tanner'` / `from 'tanner/decode'` at the sources (absolute .js paths: NodeNext and tsx map them to .ts). */
const rewriteImports = (code: string): string =>
  code.replace(/from\s+'(tanner(?:\/decode)?)'/g, (_, spec: keyof typeof entryPoints) => `from '${entryPoints[spec].replace(/\.ts$/, '.js')}'`);

const examples = [...extractExamples(entryPoints['tanner/decode'], 'decode.ts'), ...extractExamples(entryPoints.tanner, 'index.ts')];
const dir = mkdtempSync(join(tmpdir(), 'tanner-examples-'));
// .mts: ES modules with top-level await wherever the temp dir is.
const files = examples.map((ex, i) => {
  const file = join(dir, `example-${String(i).padStart(2, '0')}.mts`);
  writeFileSync(file, `// ${ex.name}\n${rewriteImports(ex.code)}`);
  return { ...ex, file };
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Exports of src/decode.ts declared with `export const`: each must carry an example. */
const exportedConsts = (path: string): string[] =>
  [...readFileSync(path, 'utf8').matchAll(/^export const (\w+)/gm)].map((m) => m[1]);

describe('TSDoc examples of the public API', () => {
  it('every function exported by src/decode.ts, and the main ones of src/index.ts, have an example', () => {
    const named = new Set(examples.map((e) => e.name.replace(/#\d+$/, '')));
    const required = [
      ...exportedConsts(entryPoints['tanner/decode']).map((n) => `decode.ts:${n}`),
      ...['loadCode', 'makeTrainContext', 'initialTrainState', 'train', 'trainDecoder', 'simulateCurve', 'evaluateDecoder'].map((n) => `index.ts:${n}`),
    ];
    const missing = required.filter((n) => !named.has(n));
    assert.deepEqual(missing, [], `exports without an @example: ${missing.join(', ')}`);
  });

  it('typecheck with the project compiler options', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    });
    assert.ok(parsed);
    const program = ts.createProgram(files.map((f) => f.file), { ...parsed.options, noEmit: true, rootDir: undefined });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && d.file.fileName.startsWith(dir))
      .map((d) => {
        const where = files.find((f) => f.file === d.file!.fileName)?.name ?? d.file!.fileName;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${where} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    assert.deepEqual(diagnostics, []);
  });

  it('every example runs to the end without throwing', async () => {
    assert.ok(files.length >= 20, `expected at least 20 examples, found ${files.length}`);
    // One child process imports the examples one after the other (one tsx start-up, not one per
    // example) and reports each failure by name; a crash of the process fails the test too.
    const runner = join(dir, 'run-examples.mts');
    writeFileSync(
      runner,
      [
        `const files: { name: string; file: string }[] = ${JSON.stringify(files.map(({ name, file }) => ({ name, file })))};`,
        'const failures: string[] = [];',
        'for (const f of files) {',
        "  try { await import(new URL('file://' + f.file).href); }",
        "  catch (e) { failures.push(`${f.name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`.split('\\n').slice(0, 8).join('\\n')); }",
        '}',
        "console.log(JSON.stringify({ ran: files.length, failures }));",
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', runner], { cwd: root, timeout: 120_000 });
    const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ran: number; failures: string[] };
    assert.equal(report.ran, files.length);
    assert.deepEqual(report.failures, []);
  });
});
