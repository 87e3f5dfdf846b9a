/**
 * Rigenera's own lint rules, the house rules a generic plugin cannot say:
 * - `feature-layers`: a file in src/<feature>/ reaches another feature only through the kernel or that
 *   feature's public module, never its repository, routes or api;
 * - `role-checks-in-access`: a role is compared with a role name only in src/access/ (the policy decides).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL, PRIVATE, PUBLIC_MODULE } from './layers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The role names, read from their one home so that a new role is covered without editing this file. */
function roleNames() {
  const text = readFileSync(join(ROOT, 'src/access/roles.ts'), 'utf8');
  const list = /\bROLES\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!list) throw new Error('eslint/rigenera.js: no `ROLES = [...]` in src/access/roles.ts');
  return new Set([...list[1].matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => m[1] ?? m[2]));
}

/** The path of `file` relative to the project, with forward slashes. */
function projectPath(file) {
  return relative(ROOT, file).split(sep).join('/');
}

/** Every module source a file names: imports, re-exports, dynamic imports with a literal. */
function onSources(check) {
  const source = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return {
    ImportDeclaration: source,
    ExportNamedDeclaration: source,
    ExportAllDeclaration: source,
    ImportExpression: (node) => {
      if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value);
    },
  };
}

const featureLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'a feature reaches another feature through the kernel or its public module, never its repository, routes or api' },
    schema: [
      {
        type: 'object',
        properties: {
          kernel: { type: 'array', items: { type: 'string' } },
          private: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      private: "'{{from}}' reaches into '{{to}}', the {{what}} of feature '{{feature}}': import it from src/{{feature}}/{{public}}.ts (or the kernel) instead.",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const kernel = new Set(options.kernel ?? KERNEL);
    const privateNames = new Set(options.private ?? PRIVATE);
    const file = projectPath(context.filename);
    const here = /^src\/([^/]+)\//.exec(file)?.[1] ?? null; // null: a top-level module (app.ts, cli.ts…)
    const fromViews = file.startsWith('views/');
    if (!here && !fromViews) return {};
    return onSources((node, spec) => {
      if (!spec.startsWith('.')) return;
      const target = projectPath(resolve(dirname(context.filename), spec));
      const m = /^src\/([^/]+)\/(.+)$/.exec(target);
      if (!m) return;
      const [, feature, rest] = m;
      if (feature === here || kernel.has(feature)) return;
      const parts = rest.replace(/\.(tsx?|jsx?|mjs)$/, '').split('/');
      const hit = parts.find((p) => privateNames.has(p));
      if (!hit) return;
      context.report({ node: node.source ?? node, messageId: 'private', data: { from: file, to: target, what: hit, feature, public: PUBLIC_MODULE[hit] ?? 'public' } });
    });
  },
};

let cachedRoles = null;
const ROLE_NAME = /^(role|[A-Za-z]+Role)$/;

function unwrap(node) {
  let n = node;
  while (n && (n.type === 'ChainExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression')) n = n.expression;
  return n;
}

/** `x.role`, `x?.role`, `x['role']`, or a variable called `role` / `…Role`. */
function isRole(node) {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'Identifier') return ROLE_NAME.test(n.name);
  if (n.type === 'MemberExpression') {
    if (!n.computed && n.property.type === 'Identifier') return n.property.name === 'role';
    return n.property.type === 'Literal' && n.property.value === 'role';
  }
  return false;
}

const roleChecks = {
  meta: {
    type: 'problem',
    docs: { description: 'roles are compared with role names only in src/access/: ask the policy instead' },
    schema: [],
    messages: {
      compare: "A role compared with '{{role}}' outside src/access/: ask the access policy (src/access/policy.ts) instead.",
    },
  },
  create(context) {
    const roles = (cachedRoles ??= roleNames());
    const roleLiteral = (node) => {
      const n = unwrap(node);
      if (!n) return null;
      if (n.type === 'Literal' && typeof n.value === 'string' && roles.has(n.value)) return n.value;
      if (n.type === 'TemplateLiteral' && n.expressions.length === 0 && roles.has(n.quasis[0].value.cooked)) return n.quasis[0].value.cooked;
      return null;
    };
    const report = (node, role) => context.report({ node, messageId: 'compare', data: { role } });
    return {
      BinaryExpression(node) {
        if (!['===', '!==', '==', '!='].includes(node.operator)) return;
        const role = (isRole(node.left) && roleLiteral(node.right)) || (isRole(node.right) && roleLiteral(node.left));
        if (role) report(node, role);
      },
      SwitchStatement(node) {
        if (!isRole(node.discriminant)) return;
        for (const c of node.cases) {
          const role = c.test && roleLiteral(c.test);
          if (role) return report(node, role);
        }
      },
      // ['admin', 'region'].includes(actor.role), new Set(['admin']).has(role), [...].indexOf(role)
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee?.type !== 'MemberExpression' || callee.computed || !['includes', 'has', 'indexOf'].includes(callee.property.name)) return;
        if (!node.arguments[0] || !isRole(node.arguments[0])) return;
        let list = unwrap(callee.object);
        if (list?.type === 'NewExpression' && list.callee.type === 'Identifier' && list.callee.name === 'Set') list = unwrap(list.arguments[0]);
        if (list?.type !== 'ArrayExpression') return;
        const role = list.elements.map((e) => e && roleLiteral(e)).find(Boolean);
        if (role) report(node, role);
      },
    };
  },
};

export default {
  meta: { name: 'rigenera' },
  rules: { 'feature-layers': featureLayers, 'role-checks-in-access': roleChecks },
};
