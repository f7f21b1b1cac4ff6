// Electron fuses for the packaged app: switches compiled into the Electron
// binary that no environment variable or flag can turn back on. Packaging
// flips them after it copies Electron (electron-builder: `afterPack:
// "scripts/electron-fuses.ts"`, through its exported afterPack), or by hand:
//   npx tsx scripts/electron-fuses.ts <path to the packaged electron binary or .app>
import { flipFuses, FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What nslab's packaged app needs of Electron, and nothing more (Electron's
 * security checklist, "Electron Fuses"). Every fuse is named, so an Electron
 * upgrade that adds one fails here until someone decides it.
 */
export function nslabFuses(platform: NodeJS.Platform): FuseConfig {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // The binary never runs as plain Node (ELECTRON_RUN_AS_NODE): it would run anything.
    [FuseV1Options.RunAsNode]: false,
    // Cookies on disk encrypted with the OS keychain's key.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS and --inspect would let anyone who can start the app inject code into it.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // electron-builder embeds the asar's integrity on macOS and Windows; Linux builds carry none to check.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform === 'darwin' || platform === 'win32',
    // The app's code comes from app.asar only, never from a loose folder beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // file:// pages get no more than any other origin: the renderer needs none of it.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Electron's default, kept: V8's WebAssembly bounds checks through signal handlers.
    [FuseV1Options.WasmTrapHandlers]: true,
    resetAdHocDarwinSignature: platform === 'darwin',
  };
}

export function flipNslabFuses(electronBinary: string, platform: NodeJS.Platform = process.platform): Promise<number> {
  return flipFuses(electronBinary, nslabFuses(platform));
}

/** What electron-builder passes to an afterPack hook, as far as it is used here. */
interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** electron-builder's afterPack hook: the fuses of the binary it has just copied. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  const platform = context.electronPlatformName as NodeJS.Platform;
  const { productFilename } = context.packager.appInfo;
  const binary =
    platform === 'darwin'
      ? join(context.appOutDir, `${productFilename}.app`)
      : platform === 'win32'
        ? join(context.appOutDir, `${productFilename}.exe`)
        : join(context.appOutDir, context.packager.executableName ?? productFilename);
  await flipNslabFuses(binary, platform);
}

export default afterPack;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const binary = process.argv[2];
  if (!binary) {
    process.stderr.write('usage: tsx scripts/electron-fuses.ts <electron binary or .app>\n');
    process.exit(2);
  }
  await flipNslabFuses(binary);
  process.stdout.write(`flipped nslab's fuses in ${binary}\n`);
}
