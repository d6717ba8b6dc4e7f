import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { AppModule } from '../app.module';
import { QUEUE_NAMES } from '../core/queue/queues';
import { WorkerModule } from '../worker.module';

type ModuleRef = { name: string; imports: unknown[]; providers: unknown[] };

/** A module class or a dynamic module ({ module, providers, imports }), as Nest reads it. */
function describe_(entry: unknown): ModuleRef | null {
  if (typeof entry === 'function') {
    return {
      name: entry.name,
      imports: (Reflect.getMetadata(MODULE_METADATA.IMPORTS, entry) as unknown[] | undefined) ?? [],
      providers: (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, entry) as unknown[] | undefined) ?? [],
    };
  }
  if (entry && typeof entry === 'object' && 'module' in entry) {
    const dynamic = entry as { module: new () => unknown; imports?: unknown[]; providers?: unknown[] };
    const base = describe_(dynamic.module)!;
    return {
      name: base.name,
      imports: [...base.imports, ...(dynamic.imports ?? [])],
      providers: [...base.providers, ...(dynamic.providers ?? [])],
    };
  }
  return null; // a forwardRef or a promise: none are used
}

/** Every module reachable from the roots, once each (by name: a dynamic module counts as its class). */
function modulesOf(...roots: unknown[]): Map<string, ModuleRef> {
  const seen = new Map<string, ModuleRef>();
  const visit = (entry: unknown) => {
    const m = describe_(entry);
    if (!m) return;
    const known = seen.get(m.name);
    if (known) {
      // The same dynamic module imported twice (e.g. a forFeature) adds its providers to the one entry.
      for (const p of m.providers) if (!known.providers.includes(p)) known.providers.push(p);
      return;
    }
    seen.set(m.name, m);
    m.imports.forEach(visit);
  };
  roots.forEach(visit);
  return seen;
}

/** Providers declared by class (`Foo` or `{ provide: Foo, … }`); tokens such as APP_GUARD are not ours to count. */
function classProviders(m: ModuleRef): Array<(...args: never[]) => unknown> {
  return m.providers
    .map((p) => (typeof p === 'function' ? p : p && typeof p === 'object' && 'provide' in p ? (p as { provide: unknown }).provide : null))
    .filter((p): p is (...args: never[]) => unknown => typeof p === 'function');
}

describe('module graph', () => {
  it('declares each of our providers in exactly one module, across the API and the worker', () => {
    const declaredIn = new Map<string, string[]>();
    for (const m of modulesOf(AppModule, WorkerModule).values()) {
      if (!/Module$/.test(m.name) || m.name.startsWith('Bull') || m.name.startsWith('TypeOrm')) continue;
      for (const p of classProviders(m)) declaredIn.set(p.name, [...(declaredIn.get(p.name) ?? []), m.name]);
    }
    const twice = [...declaredIn].filter(([, modules]) => new Set(modules).size > 1).map(([p, modules]) => `${p}: ${modules.join(', ')}`);
    expect(twice).toEqual([]);
    // The graph was read: the providers the checks above are about are there.
    expect(declaredIn.get('ClientRepository')).toEqual(['ClientsModule']);
    expect(declaredIn.get('CardsService')).toEqual(['BillingModule']);
    expect(declaredIn.has('ClientAccessGuard')).toBe(false);
  });

  it('has one processor per queue', () => {
    const src = join(__dirname, '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) files.push(join(dir, e.name));
      }
    };
    walk(src);
    const consumers = new Map<string, string[]>();
    for (const file of files) {
      for (const [, queue] of readFileSync(file, 'utf8').matchAll(/@Processor\(QUEUES\.(\w+)\)/g)) {
        consumers.set(queue!, [...(consumers.get(queue!) ?? []), relative(src, file)]);
      }
    }
    for (const queue of QUEUE_NAMES) expect({ queue, processors: consumers.get(queue)?.length ?? 0 }).toEqual({ queue, processors: 1 });
  });
});
