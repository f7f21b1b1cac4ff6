// npm run bench (bundle part): what the renderer costs to load, from the built
// out/renderer (run after `npm run build`): each asset raw and gzipped, and the
// totals per page. Prints numbers only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ASSETS = join(import.meta.dirname, '..', 'out', 'renderer', 'assets');

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function main(): void {
  const files = readdirSync(ASSETS)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const content = readFileSync(join(ASSETS, name));
      return { name, raw: statSync(join(ASSETS, name)).size, gzip: gzipSync(content, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
  console.log('renderer bundle (out/renderer/assets)');
  for (const f of files) console.log(`  ${f.name.padEnd(36)} ${kib(f.raw).padStart(11)}  gzip ${kib(f.gzip).padStart(10)}`);
  const total = files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip }), { raw: 0, gzip: 0 });
  console.log(`  ${'total'.padEnd(36)} ${kib(total.raw).padStart(11)}  gzip ${kib(total.gzip).padStart(10)}`);
}

main();
