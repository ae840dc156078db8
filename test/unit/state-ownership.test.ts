import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// The workflows' state classes are the only writers of what a workflow knows: handlers decide,
// record, and ask the state for a named transition. This reads every workflow source with the
// compiler's types and fails on any write elsewhere to a state object or to anything it holds —
// an assignment, ++/--, delete, or a mutating call (push, add, ...) — also through an alias such as
// `const entry = state.facts.supportRequests[0]; entry.answered = true`.

const ROOT = path.join(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, 'workflows');

/** The state classes, and the types of what they hold. */
const OWNED_TYPES = new Set([
  'AgencyWorkflowState',
  'CampaignWorkflowState',
  'ExtensionState',
  'AgencyFacts',
  'AgencyState',
  'CampaignState',
  'ExtensionRequest',
]);

/** Where the state classes live: the only files that may write what they hold. */
const STATE_FILES = new Set(
  ['workflows/agency/state.ts', 'workflows/agency/extension-state.ts', 'workflows/campaign/state.ts'].map((file) =>
    path.join(ROOT, file),
  ),
);

const MUTATING_METHODS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'add',
  'delete',
  'clear',
  'set',
]);

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

function workflowSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return workflowSources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A compiler program over the workflow sources, with `extra` files read from memory. */
function program(extra: Record<string, string> = {}): ts.Program {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file in extra || fileExists.call(host, file);
  host.readFile = (file) => extra[file] ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) =>
    file in extra
      ? ts.createSourceFile(file, extra[file]!, language, true)
      : getSourceFile.call(host, file, language, ...rest);
  return ts.createProgram([...workflowSources(WORKFLOWS), ...Object.keys(extra)], options, host);
}

/** Whether a declaration is (or lies inside) one of the owned classes or types. */
function declaredInOwned(node: ts.Node | undefined): boolean {
  for (let at = node; at; at = at.parent) {
    if (
      (ts.isClassDeclaration(at) || ts.isInterfaceDeclaration(at) || ts.isTypeAliasDeclaration(at)) &&
      at.name &&
      OWNED_TYPES.has(at.name.text)
    )
      return true;
  }
  return false;
}

function isOwned(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getNonNullableType(checker.getTypeAtLocation(expression));
  const types = type.isUnion() ? type.types : [type];
  return types.some((t) =>
    [t.getSymbol(), t.aliasSymbol].some((symbol) => symbol?.declarations?.some((d) => declaredInOwned(d))),
  );
}

/** The objects a write goes through: for `a.b.c = x`, `a` and `a.b`. */
function objectsOf(target: ts.Expression): ts.Expression[] {
  const objects: ts.Expression[] = [];
  let at: ts.Expression = target;
  for (;;) {
    if (ts.isParenthesizedExpression(at) || ts.isNonNullExpression(at)) at = at.expression;
    else if (ts.isPropertyAccessExpression(at) || ts.isElementAccessExpression(at)) {
      at = at.expression;
      objects.push(at);
    } else return objects;
  }
}

/** Every write to a state object outside its state class, as `file:line: text`. */
function writesOutsideState(built: ts.Program, files: string[]): string[] {
  const checker = built.getTypeChecker();
  const found: string[] = [];
  for (const file of files) {
    const source = built.getSourceFile(file)!;
    const report = (node: ts.Node, target: ts.Expression) => {
      if (!objectsOf(target).some((object) => isOwned(checker, object))) return;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(ROOT, file)}:${line + 1}: ${node.getText().split('\n')[0]}`);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) report(node, node.left);
      else if (
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
      )
        report(node, node.operand);
      else if (ts.isDeleteExpression(node)) report(node, node.expression);
      else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        MUTATING_METHODS.has(node.expression.name.text)
      )
        report(node, node.expression);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const PROBE = path.join(WORKFLOWS, 'agency', 'ownership-probe.ts');

/** A handler that writes to the state in every way the rule forbids, and once to its own object. */
const PROBE_TEXT = [
  "import type { AgencyWorkflowState } from './state';",
  "import type { CampaignWorkflowState } from '../campaign/state';",
  'export function probe(state: AgencyWorkflowState, campaign: CampaignWorkflowState): void {',
  '  const { facts } = state;',
  "  facts.stageReason = 'x';",
  "  state.facts.deadlines.review = 'y';",
  '  facts.returnCount++;',
  '  delete facts.suspension;',
  "  facts.escalations.push('manual');",
  "  const entry = facts.supportRequests.find((request) => request.id === 'a')!;",
  '  entry.answered = true;',
  "  campaign.facts.phase = 'approved';",
  "  const local = { stageReason: 'z' };",
  "  local.stageReason = 'w';",
  '}',
].join('\n');

describe('the workflow state classes are the only writers of what they hold', () => {
  // One compilation (the workflow sources and the probe, read from memory) serves both tests.
  let built: ts.Program;
  beforeAll(() => {
    built = program({ [PROBE]: PROBE_TEXT });
  });

  test('no workflow source outside a state class writes to a state object', () => {
    const files = workflowSources(WORKFLOWS).filter((file) => !STATE_FILES.has(file));
    expect(files.length).toBeGreaterThan(20);
    expect(writesOutsideState(built, files)).toEqual([]);
  });

  test('a handler that assigns, counts, deletes or pushes into the state is named, aliases too', () => {
    const found = writesOutsideState(built, [PROBE]).map((line) => line.split(': ')[1]);
    expect(found).toEqual([
      "facts.stageReason = 'x'",
      "state.facts.deadlines.review = 'y'",
      'facts.returnCount++',
      'delete facts.suspension',
      "facts.escalations.push('manual')",
      'entry.answered = true',
      "campaign.facts.phase = 'approved'",
    ]);
  });
});
