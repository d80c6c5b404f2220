// A small local ESLint rule that enforces which folders may import which (docs/ARCHITECTURE.md,
// "Rules the tools enforce"). It resolves relative import paths against the importing file, so
// `../storage/db.js` is judged by where it lands, not by how it is spelled.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const builtins = new Set(builtinModules);

const inside = (path, folder) => path === folder || path.startsWith(folder + '/');

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep each layer to the imports its folder is allowed' },
    schema: [
      {
        type: 'object',
        properties: {
          // Relative imports must land inside one of these folders (paths from the repository root).
          allow: { type: 'array', items: { type: 'string' } },
          // Relative imports must not land inside any of these folders.
          deny: { type: 'array', items: { type: 'string' } },
          // Forbid Node built-ins (node:fs, path, …).
          noNode: { type: 'boolean' },
          // Forbid npm packages.
          noPackages: { type: 'boolean' },
          // With noPackages: these packages are still allowed (the contract may use zod).
          packages: { type: 'array', items: { type: 'string' } },
          // Imports landing in these folders must be type-only (`import type`): the web takes the
          // contract's types, never its zod schemas, so no validation code reaches the browser.
          typeOnly: { type: 'array', items: { type: 'string' } },
          // What the rule is for, shown in the message.
          reason: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      boundary: "'{{source}}' ({{target}}) is outside what this folder may import: {{reason}}",
      typeOnly: "'{{source}}' may only be imported with `import type` here: {{reason}}",
    },
  },
  create(context) {
    const {
      allow,
      deny = [],
      noNode = false,
      noPackages = false,
      packages = [],
      typeOnly = [],
      reason = '',
    } = context.options[0] ?? {};
    const from = dirname(context.filename);
    function check(node, kind) {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const source = node.value;
      let target;
      if (source.startsWith('.') || source.startsWith('/')) {
        target = relative(root, resolve(from, source)).split('\\').join('/');
        const bad = (allow && !allow.some((f) => inside(target, f))) || deny.some((f) => inside(target, f));
        if (!bad) {
          if (kind !== 'type' && typeOnly.some((f) => inside(target, f)))
            context.report({ node, messageId: 'typeOnly', data: { source, reason } });
          return;
        }
      } else if (source.startsWith('node:') || builtins.has(source.split('/')[0])) {
        if (!noNode) return;
        target = 'a Node built-in';
      } else {
        const name = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
        if (!noPackages || packages.includes(name)) return;
        target = 'an npm package';
      }
      context.report({ node, messageId: 'boundary', data: { source, target, reason } });
    }
    return {
      ImportDeclaration: (n) =>
        check(
          n.source,
          n.importKind === 'type' || (n.specifiers.length > 0 && n.specifiers.every((x) => x.importKind === 'type'))
            ? 'type'
            : 'value',
        ),
      ExportNamedDeclaration: (n) => check(n.source, n.exportKind === 'type' ? 'type' : 'value'),
      ExportAllDeclaration: (n) => check(n.source, n.exportKind === 'type' ? 'type' : 'value'),
      ImportExpression: (n) => check(n.source, 'value'),
    };
  },
};

export default { rules: { boundaries: rule } };
