/**
 * Codemod: gives each feature a public module and sends other features through it.
 *
 *   npx tsx scripts/codemods/public-modules.ts [root]     (root: the tree to change, default: this one)
 *
 * For every import (or re-export) in src/<feature>/ of another feature's private module (its repository,
 * routes or api, as eslint/layers.js names them, the layer rule of eslint.config.js), it
 * - adds the imported names to the public module layers.js names for it (src/<other>/public.ts for a
 *   repository or api, public-pages.ts for routes) as re-exports from that private module (values as
 *   `name`, types as `type name`, decided by the type checker), creating the file if needed;
 * - points the import at the public module, keeping its names, aliases and `type` markers.
 * A namespace import (`import * as repo from '../devices/repository'`) is kept as one: the public module
 * re-exports every `repo.X` the file uses.
 *
 * Idempotent: a second run finds nothing to rewrite and leaves the public modules as they are. Statements a
 * person added to a public module by hand are kept. Views are left alone on purpose: a view takes a view
 * model, so a view importing a repository row is fixed by hand, not hidden behind a public module.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { KERNEL, PRIVATE, PUBLIC_MODULE } from '../../eslint/layers.js';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..'));
const src = join(root, 'src');
const kernel = new Set(KERNEL);
const privateNames = new Set(PRIVATE);
const publicFor = PUBLIC_MODULE;

const posix = (p: string) => p.split(sep).join('/');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The file a relative specifier names, as TypeScript's bundler resolution finds it. */
function resolveFile(fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec.replace(/\.js$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The feature folder of a file under src/, or null for a top-level module. */
function featureOf(file: string): string | null {
  const parts = posix(relative(src, file)).split('/');
  return parts.length > 1 ? parts[0]! : null;
}

type Wanted = { name: string; typeOnly: boolean };
type Use = {
  importer: string;
  specifier: ts.StringLiteral;
  feature: string; // the feature imported from
  target: string; // its private module file
  publicModule: string; // the name of the public module that re-exports it
  names: Wanted[];
};

const warnings: string[] = [];
const uses: Use[] = [];

// ---- 1. find the imports that cross into another feature's private module

function namespaceUses(file: ts.SourceFile, ns: string): string[] | null {
  const names = new Set<string>();
  let other = false;
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === ns) {
      names.add(node.name.text);
      return;
    }
    if (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && node.left.text === ns) {
      names.add(node.right.text);
      return;
    }
    if (ts.isIdentifier(node) && node.text === ns && !ts.isNamespaceImport(node.parent)) other = true;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return other ? null : [...names];
}

for (const file of sourceFiles(src)) {
  const here = featureOf(file);
  if (!here) continue;
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  for (const stmt of sf.statements) {
    const isImport = ts.isImportDeclaration(stmt);
    if (!isImport && !ts.isExportDeclaration(stmt)) continue;
    const spec = stmt.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const target = resolveFile(file, spec.text);
    if (!target || !target.startsWith(src + sep)) continue;
    const feature = featureOf(target);
    if (!feature || feature === here || kernel.has(feature)) continue;
    const rest = posix(relative(join(src, feature), target)).replace(/\.tsx?$/, '');
    const kind = rest.split('/').find((p) => privateNames.has(p));
    if (!kind) continue;
    const where = `${posix(relative(root, file))}:${sf.getLineAndCharacterOfPosition(stmt.getStart()).line + 1}`;

    const names: Wanted[] = [];
    if (isImport) {
      const clause = stmt.importClause;
      if (!clause) {
        warnings.push(`${where}: a side-effect import of ${spec.text}, left as it is`);
        continue;
      }
      if (clause.name) {
        warnings.push(`${where}: a default import from ${spec.text}, left as it is`);
        continue;
      }
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        const used = namespaceUses(sf, bindings.name.text);
        if (!used) {
          warnings.push(`${where}: namespace ${bindings.name.text} is used other than as ${bindings.name.text}.X, left as it is`);
          continue;
        }
        names.push(...used.map((name) => ({ name, typeOnly: clause.isTypeOnly })));
      } else if (bindings) {
        for (const el of bindings.elements) names.push({ name: (el.propertyName ?? el.name).text, typeOnly: clause.isTypeOnly || el.isTypeOnly });
      }
    } else {
      const clause = stmt.exportClause;
      if (!clause || !ts.isNamedExports(clause)) {
        warnings.push(`${where}: \`export *\` from ${spec.text}, left as it is`);
        continue;
      }
      for (const el of clause.elements) names.push({ name: (el.propertyName ?? el.name).text, typeOnly: stmt.isTypeOnly || el.isTypeOnly });
    }
    uses.push({ importer: file, specifier: spec, feature, target, publicModule: publicFor[kind] ?? 'public', names });
  }
}

// ---- 2. ask the type checker which names are values and which are only types

const targets = [...new Set(uses.map((u) => u.target))];
const exportKinds = new Map<string, Map<string, 'value' | 'type'>>();
if (targets.length > 0) {
  const configPath = join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram(targets, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  for (const target of targets) {
    const sf = program.getSourceFile(target);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    const kinds = new Map<string, 'value' | 'type'>();
    for (const sym of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const real = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      kinds.set(sym.name, real.flags & ts.SymbolFlags.Value ? 'value' : 'type');
    }
    exportKinds.set(target, kinds);
  }
}

// ---- 3. the public modules: what each must re-export, merged with what it already has

type Reexports = Map<string, Map<string, 'value' | 'type'>>; // './repository' -> name -> kind
type Public = { file: string; prefix: string; kept: string[]; reexports: Reexports; changed: boolean };

/** An existing public module: its header, the statements a person wrote, and the re-exports this codemod keeps. */
function readPublic(file: string): Public {
  const pub: Public = { file, prefix: '', kept: [], reexports: new Map(), changed: !existsSync(file) };
  if (pub.changed) return pub;
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  pub.prefix = sf.statements.length > 0 ? text.slice(0, sf.statements[0]!.getStart()) : text;
  sf.statements.forEach((stmt, i) => {
    const spec = ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : null;
    const managed =
      !!spec &&
      spec.startsWith('./') &&
      spec
        .slice(2)
        .split('/')
        .some((p) => privateNames.has(p));
    const clause = ts.isExportDeclaration(stmt) ? stmt.exportClause : undefined;
    if (managed && clause && ts.isNamedExports(clause) && !clause.elements.some((e) => e.propertyName)) {
      const names = pub.reexports.get(spec) ?? new Map<string, 'value' | 'type'>();
      for (const el of clause.elements) names.set(el.name.text, (stmt as ts.ExportDeclaration).isTypeOnly || el.isTypeOnly ? 'type' : 'value');
      pub.reexports.set(spec, names);
    } else {
      pub.kept.push(text.slice(i === 0 ? stmt.getStart() : stmt.getFullStart(), stmt.getEnd()).replace(/^\n+/, ''));
    }
  });
  return pub;
}

const HEADER = (feature: string) =>
  `/**\n * What other features use of ${feature}: they import it from here, never from its repository, routes or api\n * (the layer rule in eslint.config.js). Names are added by scripts/codemods/public-modules.ts.\n */\n`;

/** Writes a public module whose names changed; one left as it was keeps its formatting. */
function writePublic(feature: string, pub: Public): boolean {
  if (!pub.changed) return false;
  const lines = [...pub.reexports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([spec, names]) => {
      const list = [...names].sort(([a], [b]) => a.localeCompare(b)).map(([n, kind]) => (kind === 'type' ? `type ${n}` : n));
      return `export { ${list.join(', ')} } from '${spec}';`;
    });
  writeFileSync(pub.file, `${pub.prefix || HEADER(feature)}${[...pub.kept, ...lines].join('\n')}\n`);
  return true;
}

const publics = new Map<string, Public>();
const skipped = new Set<Use>();
for (const use of uses) {
  const key = `${use.feature}/${use.publicModule}`;
  let pub = publics.get(key);
  if (!pub) publics.set(key, (pub = readPublic(join(src, use.feature, `${use.publicModule}.ts`))));
  const spec =
    './' +
    posix(relative(join(src, use.feature), use.target))
      .replace(/\.tsx?$/, '')
      .replace(/\/index$/, '');
  const kinds = exportKinds.get(use.target)!;
  const problems: string[] = [];
  for (const w of use.names) {
    if (!kinds.get(w.name)) problems.push(`${w.name} is not exported by ${spec}`);
    for (const [otherSpec, names] of pub.reexports) if (otherSpec !== spec && names.has(w.name)) problems.push(`${w.name} is already re-exported from ${otherSpec}`);
  }
  if (problems.length > 0) {
    warnings.push(`${posix(relative(root, use.importer))}: ${problems.join('; ')}`);
    skipped.add(use);
    continue;
  }
  const names = pub.reexports.get(spec) ?? new Map<string, 'value' | 'type'>();
  for (const w of use.names) {
    const kind = kinds.get(w.name)!;
    if (names.get(w.name) === kind || names.get(w.name) === 'value') continue;
    names.set(w.name, kind);
    pub.changed = true;
  }
  pub.reexports.set(spec, names);
}

// ---- 4. write the public modules, then point the imports at them

let written = 0;
for (const [key, pub] of publics) if (writePublic(key.split('/')[0]!, pub)) written++;

const byImporter = new Map<string, Use[]>();
for (const use of uses) if (!skipped.has(use)) byImporter.set(use.importer, [...(byImporter.get(use.importer) ?? []), use]);
let rewritten = 0;
for (const [importer, list] of byImporter) {
  let text = readFileSync(importer, 'utf8');
  for (const use of [...list].sort((a, b) => b.specifier.getStart() - a.specifier.getStart())) {
    let spec = posix(relative(dirname(importer), join(src, use.feature, use.publicModule)));
    if (!spec.startsWith('.')) spec = `./${spec}`;
    const quote = text[use.specifier.getStart()];
    text = text.slice(0, use.specifier.getStart()) + quote + spec + quote + text.slice(use.specifier.getEnd());
    rewritten++;
  }
  writeFileSync(importer, text);
}

console.log(`public-modules: ${rewritten} imports in ${byImporter.size} files now go through a public module; ${written} public modules written (${[...publics.keys()].sort().join(', ') || 'none'}).`);
for (const w of warnings) console.log(`  left as it is: ${w}`);
