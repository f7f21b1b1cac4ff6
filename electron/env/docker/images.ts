// The images a lab pack needs, on the engine: which are present, building the
// ones nslab can build (scripts/ensure-box-image.sh: Debian packages, no
// registry), and one tarball of them for machines that reach no registry.
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvironmentError } from '../errors';
import { parseBuildLine, type BuildStage } from './build-progress';
import packageJson from '../../../package.json';
import { LAB_IMAGES } from './engine';

/** Bytes moved so far, and the total when it is known (a save only has an estimate). */
export type OnBytes = (done: number, total: number) => void;

export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** The lab images (package.json nslab.images) this engine has: one reader for doctor and the app's status. */
export async function presentLabImages(docker: Docker): Promise<Set<string>> {
  const tags = Object.values(LAB_IMAGES);
  const present = await Promise.all(tags.map((tag) => imagePresent(docker, tag)));
  return new Set(tags.filter((_, i) => present[i]));
}

/** Images nslab builds as `docker save` archives, each with the recipe that does (package.json). */
export const ARCHIVE_IMAGES: Readonly<Record<string, string>> = packageJson.nslab.archiveImages;

/** The labs/images folder that builds `image`, when nslab can build it with `ensure-box-image.sh`. */
export function buildableImage(image: string): string | undefined {
  return Object.entries(LAB_IMAGES).find(([, tag]) => tag === image)?.[0];
}

/** What to do about a missing image of a pack, as the catalog and `nslab prepare` say it. */
export function missingPackImageFix(image: string, packId: string): string {
  if (buildableImage(image)) return `Run \`nslab prepare --pack ${packId}\`: it builds ${image} from Debian's packages.`;
  if (ARCHIVE_IMAGES[image]) return `Run \`nslab prepare --pack ${packId}\` (as root, once): it builds ${image} from Debian's packages and upstream sources; or load it: \`nslab prepare --pack ${packId} --load ${packId}.tar\`.`;
  const tar = `${packId}.tar`;
  return (
    `nslab cannot build ${image}. Where a registry answers: \`docker pull ${image}\`, then ` +
    `\`nslab prepare --pack ${packId} --save ${tar}\`; here: \`nslab prepare --pack ${packId} --load ${tar}\`.`
  );
}

/**
 * Builds a lab image through scripts/ensure-box-image.sh (debootstrap when it
 * can, else `docker build`), reporting each stage it reaches.
 */
export async function buildLabImage(repoRoot: string, name: string, onStage: (stage: BuildStage) => void): Promise<void> {
  await runRecipe(repoRoot, 'scripts/ensure-box-image.sh', [name], onStage, {
    what: `the ${name} image (labs/images/${name})`,
    fix: `Build it by hand to see everything: \`bash scripts/ensure-box-image.sh ${name}\` (debootstrap needs root and Debian's mirror).`,
  });
}

/**
 * Builds an image nslab makes as an archive (package.json nslab.archiveImages:
 * its recipe prints the archive's path, cached after the first build) and
 * loads it into the engine: no registry, no builder on the engine's side.
 */
export async function buildArchiveImage(
  repoRoot: string,
  image: string,
  onStage: (stage: BuildStage) => void,
  docker: Docker,
  onBytes: OnBytes,
): Promise<void> {
  await loadImages(docker, await imageArchive(repoRoot, image, onStage), onBytes);
}

/** The archive of an image nslab makes as one (package.json nslab.archiveImages): built by its recipe, or found in its cache. */
export async function imageArchive(repoRoot: string, image: string, onStage: (stage: BuildStage) => void): Promise<string> {
  const script = ARCHIVE_IMAGES[image];
  if (!script) throw new Error(`no recipe for ${image}`);
  return runRecipe(repoRoot, script, [], onStage, {
    what: image,
    fix: `Build it by hand to see everything: \`sudo bash ${script}\` (it needs root, Debian's mirror and Go).`,
  });
}

/** The label an archive image carries its recipe's key in (a hash of what it was built from). */
export const IMAGE_KEY_LABEL = 'nslab.key';

/**
 * The key an archive image's recipe would build it under now (`--key`: the
 * hash of its inputs, also the image's IMAGE_KEY_LABEL), or undefined when
 * this machine cannot tell (the recipe's inputs are not here: no apt, the
 * sidecars never built, no driver bundle).
 */
export async function archiveImageKey(repoRoot: string, image: string): Promise<string | undefined> {
  const script = ARCHIVE_IMAGES[image];
  if (!script) throw new Error(`no recipe for ${image}`);
  const key = await runRecipe(repoRoot, script, ['--key'], () => undefined, { what: image, fix: '' }).catch(() => '');
  return /^[0-9a-f]+$/.test(key) ? key : undefined;
}

/** The engine's copy of `image` and its key label: undefined when the engine lacks it, '' when it carries no key (built before keys). */
export async function engineImageKey(docker: Docker, image: string): Promise<string | undefined> {
  if (!(await imagePresent(docker, image))) return undefined;
  const { Config } = await docker.getImage(image).inspect();
  return Config.Labels?.[IMAGE_KEY_LABEL] ?? '';
}

/** Runs a build recipe, passing its stage lines on; resolves with the last line it printed on stdout. */
async function runRecipe(repoRoot: string, script: string, args: string[], onStage: (stage: BuildStage) => void, failure: { what: string; fix: string }): Promise<string> {
  const child = spawn('bash', [`${repoRoot}/${script}`, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let lastStdout = '';
  const follow = (stream: NodeJS.ReadableStream, onLine: (line: string) => void = () => undefined) =>
    createInterface({ input: stream }).on('line', (line) => {
      onLine(line);
      tail.push(line);
      if (tail.length > 15) tail.shift();
      const stage = parseBuildLine(line);
      if (stage) onStage(stage);
    });
  follow(child.stdout, (line) => (lastStdout = line.trim() || lastStdout));
  follow(child.stderr);
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) throw new EnvironmentError(`Building ${failure.what} failed (exit ${code}):\n${tail.join('\n')}`, failure.fix);
  return lastStdout;
}

/** Roughly what a save of `images` weighs: layers shared between them count once per image. */
export async function imagesSize(docker: Docker, images: readonly string[]): Promise<number> {
  const inspected = await Promise.all(images.map((image) => docker.getImage(image).inspect()));
  const byId = new Map(inspected.map((i) => [i.Id, i.Size]));
  return [...byId.values()].reduce((sum, size) => sum + size, 0);
}

// The engine's GET /images/get?names=a&names=b (one tarball, shared layers once);
// dockerode has it, @types/dockerode does not.
interface ImageExport {
  getImages(options: { names: readonly string[] }): Promise<NodeJS.ReadableStream>;
}

/**
 * Writes one tarball of `images`, as `docker save` does. It appears under
 * `file` only once complete, so a broken save never looks like a good one.
 */
export async function saveImages(docker: Docker, images: readonly string[], file: string, onBytes: OnBytes): Promise<number> {
  const estimate = await imagesSize(docker, images);
  const temp = `${file}.partial`;
  let done = 0;
  const source = await (docker as unknown as ImageExport).getImages({ names: images });
  try {
    await pipeline(source, counter((n) => onBytes((done += n), Math.max(estimate, done))), createWriteStream(temp));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return done;
}

/** Loads a tarball made by saveImages (or `docker save`); returns what the engine says it loaded. */
export async function loadImages(docker: Docker, file: string, onBytes: OnBytes): Promise<string[]> {
  const total = (await stat(file)).size;
  let done = 0;
  const source = createReadStream(file).pipe(counter((n) => onBytes((done += n), total)));
  const response = await docker.loadImage(source);
  const messages = await new Promise<LoadMessage[]>((resolve, reject) =>
    docker.modem.followProgress(response, (error: Error | null, result: LoadMessage[]) => (error ? reject(error) : resolve(result))),
  );
  const failure = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
  if (failure) throw new Error(failure.errorDetail?.message ?? failure.error);
  return messages.flatMap((m) => /^Loaded image(?: ID)?: (\S+)/.exec(m.stream?.trim() ?? '')?.[1] ?? []);
}

interface LoadMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message: string };
}

function counter(onChunk: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onChunk(chunk.length);
      callback(null, chunk);
    },
  });
}
