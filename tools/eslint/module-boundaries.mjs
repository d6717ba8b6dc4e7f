// The API's module boundaries, checked on every import under apps/api/src:
// 1. a feature module is imported from outside only through its public face, `<module>/index.ts`;
// 2. module folders depend on each other in one direction only (MODULE_DEPS below; no cycles);
// 3. core/ is a toolkit: it imports no feature module;
// 4. only repositories (`*.repository.ts`), core/database and the tools (app/, bin/) may touch the
//    database directly (typeorm's DataSource / EntityManager / QueryRunner / Repository, pg).
import path from 'node:path';

/** Which modules each module may import (besides core). Listed bottom-up; a module sees only modules listed before it. */
export const MODULE_DEPS = {
  outbox: [],
  activity: ['outbox'],
  clients: ['outbox', 'activity'],
  identity: ['outbox', 'activity', 'clients'],
  xero: ['identity', 'clients'],
  webhooks: ['outbox', 'identity', 'activity', 'clients'],
  catalog: ['outbox', 'identity', 'activity', 'clients'],
  billing: ['outbox', 'identity', 'activity', 'clients', 'webhooks', 'xero', 'catalog'],
  subscriptions: ['outbox', 'identity', 'activity', 'clients', 'billing', 'webhooks', 'xero'],
  accounts: ['outbox', 'identity', 'activity', 'clients', 'webhooks', 'xero', 'catalog', 'billing'],
  leads: ['outbox', 'identity', 'activity', 'clients', 'webhooks', 'catalog', 'billing', 'accounts'],
  notifications: ['outbox', 'identity', 'activity', 'clients', 'webhooks', 'catalog', 'billing', 'subscriptions', 'accounts', 'leads'],
  privacy: ['outbox', 'identity', 'activity', 'clients', 'webhooks', 'catalog', 'billing', 'leads', 'notifications'],
  dashboard: ['identity', 'clients', 'catalog'],
  health: [],
};
/** Wiring and tools: they may import every module (through its index). */
const TOP = new Set(['app', 'bin']);
const ROOT_FILES = new Set(['app.module.ts', 'worker.module.ts', 'main.ts', 'worker.ts']);

const DB_NAMES = new Set(['DataSource', 'EntityManager', 'QueryRunner', 'Repository', 'SelectQueryBuilder']);
const DB_INJECTORS = new Set(['InjectDataSource', 'InjectEntityManager', 'InjectRepository']);

function moduleOf(srcRoot, file) {
  const rel = path.relative(srcRoot, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(path.sep);
  if (parts.length === 1) return ROOT_FILES.has(parts[0]) ? 'app' : parts[0];
  return parts[0];
}

function srcRootOf(file) {
  const marker = `${path.sep}apps${path.sep}api${path.sep}src${path.sep}`;
  const at = file.indexOf(marker);
  return at < 0 ? null : file.slice(0, at + marker.length - 1);
}

function mayTouchDatabase(srcRoot, file) {
  const rel = path.relative(srcRoot, file).split(path.sep);
  return file.endsWith('.repository.ts') || (rel[0] === 'core' && rel[1] === 'database') || TOP.has(moduleOf(srcRoot, file));
}

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'API module boundaries: public faces, one-way dependencies, database access only in repositories' },
    schema: [],
    messages: {
      deep: "'{{target}}' is inside the {{module}} module: import it from '{{module}}' (its index.ts) and export it there if it is part of the module's public face.",
      direction:
        'The {{from}} module may not import the {{to}} module (allowed: core{{allowed}}); see MODULE_DEPS in tools/eslint/module-boundaries.mjs.',
      core: 'core/ is shared infrastructure and imports no feature module ({{to}}).',
      database:
        "'{{name}}' from '{{source}}' is database access: keep it in a *.repository.ts file of this module (services take a Tx from core/database).",
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const srcRoot = srcRootOf(file);
    if (!srcRoot) return {};
    const from = moduleOf(srcRoot, file);
    const dbAllowed = mayTouchDatabase(srcRoot, file);

    function checkDatabase(node, source) {
      if (dbAllowed) return;
      if (source === 'pg' || source.startsWith('pg/')) {
        context.report({ node, messageId: 'database', data: { name: '*', source } });
        return;
      }
      if (source !== 'typeorm' && source !== '@nestjs/typeorm') return;
      for (const spec of node.specifiers ?? []) {
        const name = spec.type === 'ImportSpecifier' ? (spec.imported.name ?? spec.imported.value) : null;
        if (name && (DB_NAMES.has(name) || DB_INJECTORS.has(name))) {
          context.report({ node: spec, messageId: 'database', data: { name, source } });
        }
      }
    }

    function check(node) {
      if (!node.source) return;
      const source = String(node.source.value);
      checkDatabase(node, source);
      if (!source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const to = moduleOf(srcRoot, target);
      if (!to || to === from) return;
      const rel = path.relative(srcRoot, target).split(path.sep);
      if (to === 'core') return; // core is a toolkit: its folders are imported directly
      if (from === 'core') {
        context.report({ node, messageId: 'core', data: { to } });
        return;
      }
      if (!TOP.has(from)) {
        const allowed = MODULE_DEPS[from] ?? [];
        if (!allowed.includes(to)) {
          context.report({
            node,
            messageId: 'direction',
            data: { from, to, allowed: allowed.length ? `, ${allowed.join(', ')}` : '' },
          });
          return;
        }
      }
      const isIndex = rel.length === 1 || (rel.length === 2 && rel[1] === 'index');
      if (!isIndex && to !== 'app') context.report({ node, messageId: 'deep', data: { target: rel.join('/'), module: to } });
    }

    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
