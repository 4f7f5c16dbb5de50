/**
 * Runs the test suite with Node's test runner: unit tests (`*.test.ts`), integration tests through
 * the HTTP API (`*.int.test.ts`) on the database DATABASE_URL points to, or on embedded PGlite when
 * it is unset, and browser tests (`*.e2e.test.ts`) in the system Chromium.
 *
 *   npm test                 everything
 *   npm test -- --unit       unit tests only
 *   npm test -- --int        integration tests only
 *   npm test -- --e2e        browser tests only
 *   npm test -- src/x.test.ts   the files given
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { prepareTemplate, ROOT } from '../src/server/testing/test-db.ts';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

const args = process.argv.slice(2);
const explicit = args.filter((a) => a.endsWith('.ts'));
const kinds = new Set(args.filter((a) => ['--unit', '--int', '--e2e'].includes(a)).map((a) => a.slice(2)));
const kindOf = (f: string) => (f.endsWith('.int.test.ts') ? 'int' : f.endsWith('.e2e.test.ts') ? 'e2e' : 'unit');

let files = explicit.length ? explicit : walk(join(ROOT, 'src')).sort();
if (kinds.size) files = files.filter((f) => kinds.has(kindOf(f)));
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}

// The whole suite starts with the type check (a missing Thai or English string is a type error)
// and the linter, so `npm test` fails on either. COMAP_SKIP_STATIC_CHECKS=1 leaves them out: CI
// runs the suite twice, once per database, and the checks do not depend on the database.
if (!explicit.length && !kinds.size && process.env.COMAP_SKIP_STATIC_CHECKS !== '1') {
  for (const [what, cmd, cargs] of [
    ['type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
    ['lint', 'npx', ['eslint', 'src', 'bench', 'scripts']],
  ] as const) {
    const c = spawnSync(cmd, [...cargs], { stdio: 'inherit', cwd: ROOT });
    if (c.status !== 0) {
      console.error(`${what} failed`);
      process.exit(c.status ?? 1);
    }
    console.log(`${what}: ok`);
  }
}

const engine = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite';
console.log(`COMAP tests on ${engine}: ${files.length} files`);
if (files.some((f) => kindOf(f) !== 'unit')) await prepareTemplate();
if (files.some((f) => kindOf(f) === 'e2e')) {
  // Browser tests drive the built web app, so build it from the current sources first.
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

// PGlite needs about 1 GB per open database, and e2e tests start servers: two files at a time
// fit a 2-core machine.
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(r.status ?? 1);
