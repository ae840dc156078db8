import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { SHARED_DOMAIN_MODULES } from '../../worker/bundle';

// A worker evaluates the modules a workflow imports once for every new workflow run. Building zod
// schemas was most of what starting a run cost, so workflow code reaches them only through
// workflows/common/lazy-checks.ts, on its first message check. This follows the workflows' value
// imports (not `import type`, not the lazy require) and fails if they reach zod again.

const ROOT = path.join(__dirname, '..', '..');

function resolveModule(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find(
    (file) => fs.existsSync(file) && fs.statSync(file).isFile(),
  );
}

/** The modules and packages a file loads when it is evaluated. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        !clause.name &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.every((element) => element.isTypeOnly);
      if (!onlyTypes) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

/** Every module and package reached from `entry` by value imports, with the first chain that reaches each package. */
function reached(entry: string): { modules: Set<string>; packages: Map<string, string[]> } {
  const packages = new Map<string, string[]>();
  const modules = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (modules.has(file)) return;
    modules.add(file);
    const here = [...chain, path.relative(ROOT, file)];
    for (const specifier of valueImports(file)) {
      const target = resolveModule(file, specifier);
      if (target) visit(target, here);
      else if (!specifier.startsWith('.') && !packages.has(specifier)) packages.set(specifier, here);
    }
  };
  visit(entry, []);
  return { modules, packages };
}

const reachedPackages = (entry: string) => reached(entry).packages;

/** Module-level state a module keeps between calls: `let`/`var`, or a collection built at load. */
function moduleState(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const mutable = !(statement.declarationList.flags & ts.NodeFlags.Const);
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      const collection =
        init !== undefined &&
        ts.isNewExpression(init) &&
        /^(Map|Set|WeakMap|WeakSet)$/.test(init.expression.getText(source));
      if (mutable || collection) found.push(declaration.name.getText(source));
    }
  }
  return found;
}

test('starting a workflow run loads no zod: schemas come on the first message check', () => {
  const reached = reachedPackages(path.join(ROOT, 'workflows', 'index.ts'));
  expect(reached.get('zod')).toBeUndefined();
  expect([...reached.keys()].some((name) => name.startsWith('@temporalio/workflow'))).toBe(true);
});

test('the checks loaded on first use do hold the schemas (zod) and the proof verifier', () => {
  const reached = reachedPackages(path.join(ROOT, 'workflows', 'common', 'checks.ts'));
  expect(reached.has('zod')).toBe(true);
  expect(reached.has('@noble/ed25519')).toBe(true);
});

test('the delivery diff, indicator totals and missing parts load no zod: workflow code may use them', () => {
  for (const file of ['delivery-diff.ts', 'indicator-totals.ts', 'missing-parts.ts'])
    expect(reachedPackages(path.join(ROOT, 'domain', 'deliverables', file)).get('zod')).toBeUndefined();
});

test('every domain rule the workflows import is shared by their runs, and keeps no state between calls', () => {
  const domain = [...reached(path.join(ROOT, 'workflows', 'index.ts')).modules]
    .map((file) => path.relative(ROOT, file).replace(/\.ts$/, ''))
    .filter((module) => /^(domain|temporal)\//.test(module));
  expect([...SHARED_DOMAIN_MODULES].sort()).toEqual(domain.sort());
  // A shared module's state would be every run's: only a memo of what its own constants derive is kept.
  const memos: Record<string, string[]> = { 'domain/list-quality': ['foldedRules'] };
  for (const module of SHARED_DOMAIN_MODULES)
    expect({ module, state: moduleState(path.join(ROOT, `${module}.ts`)) }).toEqual({
      module,
      state: memos[module] ?? [],
    });
});
