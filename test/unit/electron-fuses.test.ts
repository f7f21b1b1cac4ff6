// scripts/electron-fuses.ts flips a real fuse wire with @electron/fuses. No
// Electron binary can be downloaded here, so the wire sits in a file of its
// own: Electron's sentinel, wire version 1, then its nine fuses ('0' off,
// '1' on) at Electron 45's defaults.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { flipNslabFuses, nslabFuses } from '../../scripts/electron-fuses';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-fuses-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Electron's defaults: RunAsNode, cookie encryption off, NODE_OPTIONS, inspect on, … */
function fakeElectron(): string {
  const file = join(scratch, `electron-${Math.random().toString(36).slice(2)}`);
  const wire = Buffer.from('101100011', 'ascii');
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), wire, Buffer.alloc(4096)]));
  return file;
}

describe('nslab fuses', () => {
  it.each(['linux', 'win32'] as const)('on %s: no RunAsNode, NODE_OPTIONS or --inspect; app from asar only', async (platform) => {
    const binary = fakeElectron();
    await flipNslabFuses(binary, platform);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(platform === 'win32' ? FuseState.ENABLE : FuseState.DISABLE);
  });

  it('on macOS (codesign needed to flip, so the config only): asar integrity checked, the ad-hoc signature redone', () => {
    expect(nslabFuses('darwin')).toMatchObject({ [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, resetAdHocDarwinSignature: true, [FuseV1Options.RunAsNode]: false });
  });
});
