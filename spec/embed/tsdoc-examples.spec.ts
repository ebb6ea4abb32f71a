/**
 * The `@example` blocks of the public API are run, so they cannot rot. Every
 * export of src/index.ts (`tanner`) and src/decode.ts (`tanner/decode`) is
 * enumerated with the TypeScript compiler API and followed to the declaration
 * it re-exports (e.g. `makeOps` to src/autodiff/ops.ts); every value export
 * (function, const, class) must have a TSDoc comment there with an
 * `@example`. Each ```ts block of those examples is written to a temp dir
 * (imports of 'tanner' and 'tanner/decode' pointed at the sources),
 * typechecked with the project's compiler options, and run with
 * `node --import tsx`, expecting exit 0.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entryPoints = { 'tanner/decode': join(root, 'src', 'decode.ts'), tanner: join(root, 'src', 'index.ts') } as const;

const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
});
assert.ok(parsed);
const compilerOptions: ts.CompilerOptions = { ...parsed.options, noEmit: true, rootDir: undefined };

interface DocExample {
  /** the documented export, e.g. "decode.ts:createDecoder" or "autodiff/ops.ts:makeOps" */
  readonly name: string;
  readonly code: string;
}

/** One export of an entry point, followed to its declaration. */
interface ExportedDecl {
  /** "<file relative to src>:<export name>" */
  readonly name: string;
  /** a function, const or class (not only a type or interface) */
  readonly isValue: boolean;
  /** it has a TSDoc comment */
  readonly documented: boolean;
  /** the ```ts blocks of the @example tag of its TSDoc comment */
  readonly examples: readonly string[];
}

/** The ```ts blocks after the `@example` tag of one TSDoc comment (its raw text). */
const examplesOfComment = (comment: string, label: string): string[] => {
  const body = comment
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
  const at = body.search(/^@example\b/m); // the tag, not the word in prose
  if (at < 0) return [];
  const blocks = [...body.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)].map((b) => b[1]);
  assert.ok(blocks.length > 0, `an @example of ${label} has no \`\`\`ts block`);
  return blocks;
};

/** Every export of both entry points, each declaration once (index.ts re-exports all of decode.ts). */
const publicExports = (): ExportedDecl[] => {
  const program = ts.createProgram(Object.values(entryPoints), compilerOptions);
  const checker = program.getTypeChecker();
  const seen = new Map<ts.Node, ExportedDecl>();
  for (const entry of Object.values(entryPoints)) {
    const source = program.getSourceFile(entry);
    assert.ok(source, entry);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol, entry);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = target.valueDeclaration ?? target.declarations?.[0];
      assert.ok(decl, exported.name);
      if (seen.has(decl)) continue;
      const file = decl.getSourceFile();
      const name = `${relative(join(root, 'src'), file.fileName)}:${exported.name}`;
      // the comment right before the declaration (a file header before it does not count)
      const comment = ts.getJSDocCommentsAndTags(decl).filter(ts.isJSDoc).at(-1);
      const text = comment ? file.text.slice(comment.getStart(file), comment.end) : '';
      seen.set(decl, {
        name,
        isValue: (target.flags & ts.SymbolFlags.Value) !== 0,
        documented: comment !== undefined,
        examples: examplesOfComment(text, name),
      });
    }
  }
  return [...seen.values()];
};

const exportsFound = publicExports();
const examples: DocExample[] = exportsFound.flatMap((e) =>
  e.examples.map((code, i) => ({ name: `${e.name}${e.examples.length > 1 ? `#${i + 1}` : ''}`, code })),
);

/** Point `from 'tanner'` / `from 'tanner/decode'` at the sources (absolute .js paths: NodeNext and tsx map them to .ts). */
const rewriteImports = (code: string): string =>
  code.replace(/from\s+'(tanner(?:\/decode)?)'/g, (_, spec: keyof typeof entryPoints) => `from '${entryPoints[spec].replace(/\.ts$/, '.js')}'`);

const dir = mkdtempSync(join(tmpdir(), 'tanner-examples-'));
// .mts: ES modules with top-level await wherever the temp dir is.
const files = examples.map((ex, i) => {
  const file = join(dir, `example-${String(i).padStart(3, '0')}.mts`);
  writeFileSync(file, `// ${ex.name}\n${rewriteImports(ex.code)}`);
  return { ...ex, file };
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('TSDoc examples of the public API', () => {
  it('every value export of tanner and tanner/decode has a TSDoc comment with an example', () => {
    const values = exportsFound.filter((e) => e.isValue);
    assert.ok(values.length >= 90, `guard: expected the whole API, found ${values.length} value exports`);
    for (const name of ['decode.ts:createDecoder', 'index.ts:loadCode', 'autodiff/ops.ts:makeOps', 'experiments/ablation.ts:runAblation']) {
      assert.ok(values.some((e) => e.name === name), `guard: ${name} is enumerated`);
    }
    const undocumented = values.filter((e) => !e.documented).map((e) => e.name);
    assert.deepEqual(undocumented, [], `exports without a TSDoc comment: ${undocumented.join(', ')}`);
    const missing = values.filter((e) => e.examples.length === 0).map((e) => e.name);
    assert.deepEqual(missing, [], `exports without an @example: ${missing.join(', ')}`);
  });

  it('every @example of src/index.ts and src/decode.ts is on an export, so it runs', () => {
    for (const [file, label] of [[entryPoints.tanner, 'index.ts'], [entryPoints['tanner/decode'], 'decode.ts']] as const) {
      const tags = (readFileSync(file, 'utf8').match(/^\s*\* @example\b/gm) ?? []).length;
      const onExports = exportsFound.filter((e) => e.name.startsWith(`${label}:`) && e.examples.length > 0).length;
      assert.equal(onExports, tags, `${label}: ${tags} @example tags, ${onExports} of them on exports`);
    }
  });

  it('typecheck with the project compiler options', () => {
    const program = ts.createProgram(files.map((f) => f.file), compilerOptions);
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
    assert.ok(files.length >= 90, `expected an example per export, found ${files.length} examples`);
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
