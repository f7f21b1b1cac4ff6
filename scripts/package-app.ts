// npm run package: the unpacked desktop app, as electron-builder lays it out
// (dist/<platform>-unpacked/resources/app.asar, app.asar.unpacked, labs),
// built without the Electron binary, which cannot be downloaded here: the
// app.asar is made with @electron/asar from the built out/, package.json and
// the production dependencies. With the Electron binary at hand, `npx
// electron-builder --dir` (electron-builder.yml) makes the same and the
// installers. Run after `npm run build`. Only the packages the built main
// process requires go in, with their dependencies: the renderer's are bundled,
// and so is @kubernetes/client-node (ESM only, see electron.vite.config.ts).
import { createPackageWithOptions } from '@electron/asar';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
/** What the app runs; the rest of out/ (the CLI bundle) is not part of it. */
export const APP_PARTS = ['out/main', 'out/preload', 'out/renderer'] as const;

/**
 * What a dependency's folder may hold that the app never runs: its tests and
 * their fixtures (ssh2's include private keys), examples, docs.
 */
const PACKAGE_NOISE = /^(test|tests|__tests__|fixtures|example|examples|docs?|\.github)(\/|$)/;

/** The packages the built main process requires at run time (electron-vite leaves them external). */
export function requiredPackages(bundle: string): string[] {
  const names = [...bundle.matchAll(/require\("([^"./][^"]*)"\)/g)].map((m) => m[1]!.split('/').slice(0, m[1]!.startsWith('@') ? 2 : 1).join('/'));
  return [...new Set(names)].filter((name) => name !== 'electron' && !builtinModules.includes(name) && !name.startsWith('node:')).sort();
}

/** Where `name` resolves from `fromDir`, as Node looks it up: the nearest node_modules up the tree. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dirname(dir) === dir) return undefined;
  }
}

/** Those packages and everything they depend on, as folders relative to the repository. */
function packageClosure(roots: string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    const dir = findPackage(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} (needed by ${relative(ROOT, fromDir) || 'the app'}) is not installed: run npm ci`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  // supports-color and the like are tried by their users and may be absent.
  for (const root of roots) visit(root, ROOT, true);
  return [...found].map((dir) => relative(ROOT, dir)).sort();
}

/** package.json as the packaged app needs it: what Electron reads, nothing for development. */
function appManifest(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const keep = ['name', 'version', 'description', 'license', 'type', 'main', 'dependencies', 'nslab'];
  return `${JSON.stringify(Object.fromEntries(keep.filter((k) => k in pkg).map((k) => [k, pkg[k]])), null, 2)}\n`;
}

export async function packageApp(outputDir = join(ROOT, 'dist', `${process.platform}-unpacked`)): Promise<string> {
  for (const part of APP_PARTS) if (!existsSync(join(ROOT, part))) throw new Error(`${part} is missing: run npm run build first`);
  const staging = join(ROOT, 'dist', '.app-staging');
  rmSync(staging, { recursive: true, force: true });
  rmSync(outputDir, { recursive: true, force: true });
  for (const part of APP_PARTS) cpSync(join(ROOT, part), join(staging, part), { recursive: true, filter: (src) => !src.endsWith('.map') });
  for (const module of packageClosure(requiredPackages(readFileSync(join(ROOT, 'out/main/index.cjs'), 'utf8')))) {
    cpSync(join(ROOT, module), join(staging, module), { recursive: true, dereference: true, filter: (src) => !src.endsWith('.map') && !PACKAGE_NOISE.test(relative(join(ROOT, module), src)) });
  }
  writeFileSync(join(staging, 'package.json'), appManifest());

  const resources = join(outputDir, 'resources');
  mkdirSync(resources, { recursive: true });
  // Native modules (node-pty) must be real files: Electron cannot dlopen inside an archive.
  await createPackageWithOptions(staging, join(resources, 'app.asar'), { unpack: '{*.node,**/spawn-helper}' });
  cpSync(join(ROOT, 'labs'), join(resources, 'labs'), { recursive: true, filter: (src) => !src.endsWith('.tar') });
  rmSync(staging, { recursive: true, force: true });
  return outputDir;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const dir = await packageApp();
  console.log(`packaged: ${relative(ROOT, dir)}/resources/app.asar`);
}
