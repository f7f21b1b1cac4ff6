// `npm run package`'s unpacked app (scripts/package-app.ts), built from the
// built out/ without the Electron binary: what its app.asar holds and what it
// must never hold. Needs `npm run build` first (npm test's pretest does it).
import { extractFile, listPackage } from '@electron/asar';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageApp } from '../../scripts/package-app';

const dir = mkdtempSync(join(tmpdir(), 'nslab-package-'));
let asar: string;
let entries: string[];

beforeAll(async () => {
  await packageApp(dir);
  asar = join(dir, 'resources', 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((e) => e.replace(/\\/g, '/'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packaged app', () => {
  it('holds the built main, preload and renderer, and a package.json whose main is in it', () => {
    for (const file of ['/package.json', '/out/main/index.cjs', '/out/preload/index.cjs', '/out/renderer/index.html', '/out/renderer/instructor.html']) {
      expect(entries).toContain(file);
    }
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string; scripts?: unknown; devDependencies?: unknown };
    expect(entries).toContain(`/${manifest.main}`);
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('holds no sources, tests, source maps, CLI bundle or secrets', () => {
    const outsideModules = entries.filter((e) => !e.startsWith('/node_modules/'));
    expect(outsideModules.filter((e) => /^\/(electron|renderer\/src|test|scripts|labs|dist)(\/|$)/.test(e))).toEqual([]);
    expect(outsideModules.filter((e) => /\.(ts|vue)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect(entries.filter((e) => e.startsWith('/out/cli'))).toEqual([]);
    expect(entries.filter((e) => /(^|\/)(\.env[^/]*|\.npmrc|id_rsa[^/]*|[^/]+\.(pem|key|p12|kubeconfig)|progress\.json|classroom\.json)$/.test(e))).toEqual([]);
  });

  it('holds the packages the main process requires, not the renderer\'s or the development ones', () => {
    for (const name of ['dockerode', 'ws', 'yaml', 'zod', 'markdown-it', '@lydell/node-pty']) expect(entries).toContain(`/node_modules/${name}/package.json`);
    for (const name of ['vue', '@xterm/xterm', 'uplot', 'electron', 'vitest', 'typescript', 'playwright-core', '@kubernetes/client-node']) {
      expect(entries).not.toContain(`/node_modules/${name}/package.json`);
    }
  });

  it('unpacks the native terminal module beside the archive, and ships the labs as resources', () => {
    const unpacked = join(dir, 'resources', 'app.asar.unpacked', 'node_modules', '@lydell');
    expect(existsSync(unpacked)).toBe(true);
    expect(readdirSync(join(dir, 'resources', 'labs'))).toEqual(expect.arrayContaining(['kernel.pack.yaml', 'uts-namespace', 'lab.schema.json']));
  });
});
