// electron-builder's afterPack hook: hands the packed app to the fuse settings
// in scripts/electron-fuses.ts (flipped on the Electron binary, so only where
// there is one). Without that file, or without tsx, the app is left as packed.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async function afterPack(context) {
  const fuses = join(__dirname, 'electron-fuses.ts');
  if (!existsSync(fuses)) return;
  const { tsImport } = await import('tsx/esm/api');
  const module = await tsImport(fuses, __filename);
  const apply = module.default ?? module.applyFuses;
  if (typeof apply === 'function') await apply(context);
};
