// `nslab prepare [--pack ID] [--labs DIR] [--save FILE | --load FILE]`
// Makes every image a pack needs present on the engine: builds the ones nslab
// can build, names the ones it cannot with how to get them; --save writes them
// all to one tarball for machines that reach no registry, --load loads one.
// A pack of Kubernetes labs also gets its pods' images loaded into the kind
// cluster nslab when it exists: its node reaches no registry either.
import type Docker from 'dockerode';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDocker, KUBE_TOOLS_IMAGE } from '../env/docker/engine';
import { ARCHIVE_IMAGES, buildableImage, buildArchiveImage, buildLabImage, imagePresent, loadImages, missingPackImageFix, saveImages } from '../env/docker/images';
import { EnvironmentError } from '../env/errors';
import { existingNslabKindCluster, type KindCluster } from '../env/kind/kind-cluster';
import { NSLAB_KIND_NODE_IMAGE } from '../env/kind/kind-node-image';
import { loadLabs } from '../labs/loader';
import { PACK_SUFFIX, type Pack } from '../labs/pack';
import { loadPacks } from '../labs/pack-loader';
import { formatProblem } from '../labs/problems';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { UsageError, type CliCommand } from './command';
import type { BuildStage } from '../env/docker/build-progress';
import { PACKAGE_ROOT } from './package-root';
import { packMayRun, TRUST_PACK_OPTION, TRUST_PACK_USAGE } from './pack-trust';
import { formatBytes, ProgressBar } from './progress-bar';

/** Node images (kind's, nslab's): they run the nodes, they are not loaded into them. */
const isNodeImage = (image: string) => image.startsWith('kindest/node:') || image === NSLAB_KIND_NODE_IMAGE;

export async function prepareCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      pack: { type: 'string' },
      labs: { type: 'string', default: 'labs' },
      save: { type: 'string' },
      load: { type: 'string' },
      ...TRUST_PACK_OPTION,
    },
  });
  if (values.save !== undefined && values.load !== undefined) throw new UsageError('--save and --load exclude each other');

  const chosen = await choosePacks(values.labs, values.pack);
  if (!chosen) return EXIT_ERROR;
  // Building a pack's images runs its Dockerfiles: its code.
  if (!(await packMayRun(values.labs, values['trust-pack'], `nslab prepare ${args.join(' ')}`))) return EXIT_ERROR;
  const { packs, kubeLabs } = chosen;
  const docker = await connectDocker();

  if (values.load !== undefined) await load(docker, values.load);
  const missing = await ensureImages(docker, packs);
  process.stdout.write(missing.length === 0 ? '✔ every image is present\n' : `✘ ${missing.length} image(s) missing: ${missing.join(', ')}\n`);
  await loadIntoKind(podImages(packs, kubeLabs).filter((i) => !missing.includes(i)));
  if (values.save !== undefined) {
    if (missing.length > 0) {
      process.stderr.write(`not saving ${values.save}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing\n`);
      return EXIT_FAIL;
    }
    await save(docker, unique(packs.flatMap((p) => p.images)), values.save);
  }
  return missing.length === 0 ? EXIT_PASS : EXIT_FAIL;
}

/** The packs to prepare and which labs run on a cluster, or undefined (problems printed) when they cannot be read. */
async function choosePacks(labsRoot: string, packId: string | undefined): Promise<{ packs: Pack[]; kubeLabs: Set<string> } | undefined> {
  const { labs } = await loadLabs(labsRoot);
  const kubeLabs = new Set(labs.filter((l) => l.environment.kind === 'kube').map((l) => l.id));
  const { packs, problems } = await loadPacks(labsRoot, labs);
  const wanted = packId === undefined ? undefined : join(resolve(labsRoot), `${packId}${PACK_SUFFIX}`);
  // Another pack's problems do not stop this one.
  const relevant = problems.filter((p) => wanted === undefined || p.file === wanted);
  if (relevant.length > 0) {
    for (const problem of relevant) process.stderr.write(`${formatProblem(problem)}\n`);
    process.stderr.write(`✘ fix the pack first (\`nslab lint ${labsRoot}\` lists every problem)\n`);
    return undefined;
  }
  const chosen = packId === undefined ? packs : packs.filter((p) => p.id === packId);
  if (chosen.length === 0) {
    const known = packs.map((p) => p.id).join(', ') || 'none';
    process.stderr.write(packId === undefined ? `no pack in ${labsRoot} (a pack is <id>${PACK_SUFFIX})\n` : `no pack "${packId}" in ${labsRoot} (packs: ${known})\n`);
    return undefined;
  }
  return { packs: chosen, kubeLabs };
}

/** What the pods of a pack's Kubernetes labs run: its images but kind's own node image and nslab's tools box (which runs beside the cluster). */
function podImages(packs: Pack[], kubeLabs: Set<string>): string[] {
  return unique(packs.filter((p) => p.labs.some((id) => kubeLabs.has(id))).flatMap((p) => p.images)).filter((i) => !isNodeImage(i) && i !== KUBE_TOOLS_IMAGE);
}

async function loadIntoKind(images: string[]): Promise<void> {
  if (images.length === 0) return;
  let cluster: KindCluster;
  try {
    cluster = await existingNslabKindCluster();
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    process.stdout.write(`  · not loaded into the kind cluster (${error.message}): after \`nslab cluster create\`, run this again to load ${images.join(', ')} into its node\n`);
    return;
  }
  for (const image of images) {
    const started = Date.now();
    await cluster.loadImage(image);
    process.stdout.write(`  ✔ ${image} loaded into the kind cluster ${cluster.name} in ${seconds(started)}\n`);
  }
}

/** Checks (and builds where it can) every image once; returns those still missing. */
async function ensureImages(docker: Docker, packs: Pack[]): Promise<string[]> {
  const outcome = new Map<string, { present: boolean; note: string }>();
  for (const pack of packs) {
    process.stdout.write(`pack ${pack.id} ${pack.version}: ${pack.images.length} image(s)\n`);
    for (const image of pack.images) {
      const known = outcome.get(image) ?? (await readyImage(docker, image));
      outcome.set(image, known);
      process.stdout.write(`  ${known.present ? '✔' : '✘'} ${image} ${known.note}\n`);
      if (!known.present) process.stdout.write(`    → ${missingPackImageFix(image, pack.id)}\n`);
    }
  }
  return [...outcome].filter(([, o]) => !o.present).map(([image]) => image);
}

async function readyImage(docker: Docker, image: string): Promise<{ present: boolean; note: string }> {
  if (await imagePresent(docker, image)) return { present: true, note: 'present' };
  const name = buildableImage(image);
  if (!name && !ARCHIVE_IMAGES[image]) return { present: false, note: 'missing' };
  const bar = new ProgressBar(`building ${image}`);
  const started = Date.now();
  bar.stage('started');
  const onStage = (stage: BuildStage) => bar.stage(`[${stage.index}/${stage.total}] ${stage.label}`);
  try {
    if (name) await buildLabImage(PACKAGE_ROOT, name, onStage);
    else await buildArchiveImage(PACKAGE_ROOT, image, onStage, docker, (done, total) => bar.update(done, total));
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    process.stderr.write(`${error.toString()}\n`);
    return { present: false, note: 'missing (the build failed)' };
  } finally {
    bar.end();
  }
  // The script exits 0 when the image was already there, so ask the engine.
  const present = await imagePresent(docker, image);
  return { present, note: present ? `built in ${seconds(started)}` : 'missing (the build made no such image)' };
}

async function save(docker: Docker, images: string[], file: string): Promise<void> {
  if (images.length === 0) {
    process.stderr.write(`not saving ${file}: the pack needs no image\n`);
    return;
  }
  const bar = new ProgressBar(`saving ${basename(file)}`);
  const started = Date.now();
  process.stderr.write(`saving ${images.length} image(s) to ${file}\n`);
  try {
    const bytes = await saveImages(docker, images, file, (done, total) => bar.update(done, total));
    bar.end();
    process.stdout.write(`saved ${images.join(', ')} to ${file} (${formatBytes(bytes)}) in ${seconds(started)}\n`);
  } catch (error) {
    bar.end();
    throw new EnvironmentError(`Saving to ${file} failed: ${(error as Error).message}`, 'Check the folder is writable and has room for the images.');
  }
}

async function load(docker: Docker, file: string): Promise<void> {
  const bar = new ProgressBar(`loading ${basename(file)}`);
  const started = Date.now();
  process.stderr.write(`loading ${file}\n`);
  try {
    const loaded = await loadImages(docker, file, (done, total) => bar.update(done, total));
    bar.end();
    process.stdout.write(`loaded ${loaded.join(', ') || 'nothing'} from ${file} in ${seconds(started)}\n`);
  } catch (error) {
    bar.end();
    throw new EnvironmentError(
      `Loading ${file} failed: ${(error as Error).message}`,
      'Load a tarball made by `nslab prepare --save` (or `docker save`); a copy cut short fails like this.',
    );
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export const prepare: CliCommand = {
  name: 'prepare',
  usage: `  nslab prepare [--pack ID] [--labs DIR] [--save FILE.tar | --load FILE.tar]
                             make every image a pack needs present (build what nslab can);
                             --save writes them to one tarball, --load loads one;
                             ${TRUST_PACK_USAGE}
`,
  run: prepareCommand,
};
