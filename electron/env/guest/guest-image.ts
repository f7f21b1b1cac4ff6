// The guest's disk image, kernel and keys: built once from Debian's packages by
// scripts/guest/build-image.sh and kept in the cache under a key of what went
// into them. Here: run that script and turn its lines into progress.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { EnvironmentError } from '../errors';
import { guestCacheDir } from './guest-paths';

export interface GuestImage {
  dir: string;
  key: string;
}

export type OnGuestProgress = (line: string) => void;

/** "guest-image: [2/5] nslab's configuration ..." → "image 2/5: nslab's configuration ..." */
export function parseImageProgress(line: string): string | undefined {
  const m = /^guest-image: \[(\d+)\/(\d+)\] (.*)$/.exec(line);
  return m ? `image ${m[1]}/${m[2]}: ${m[3]}` : undefined;
}

export async function ensureGuestImage(packageRoot: string, onProgress: OnGuestProgress): Promise<GuestImage> {
  const script = `${packageRoot}/scripts/guest/build-image.sh`;
  const env = { ...process.env, NSLAB_GUEST_CACHE: guestCacheDir() };
  const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let lastStdout = '';
  createInterface({ input: child.stdout }).on('line', (line) => (lastStdout = line));
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    const step = parseImageProgress(line);
    if (step) onProgress(step);
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0 || !lastStdout) {
    // Exit 2 is the script's "something is missing", its last line saying what.
    const missing = code === 2 ? tail.at(-1)?.replace(/^guest-image: /, '') : undefined;
    throw new EnvironmentError(
      `Building the guest image failed (exit ${code}):\n${tail.join('\n')}`,
      missing ?? `Run it by hand to see everything: \`sudo bash ${script}\` (needs debootstrap and Debian's package mirror).`,
    );
  }
  return { dir: lastStdout, key: lastStdout.split('/').pop() ?? '' };
}
