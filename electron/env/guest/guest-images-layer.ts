// The lab images reach the guest without a registry: `docker save` on the host
// engine into one tarball, attached to a VM as a read-only disk, `docker load`
// inside. Loading is slow under emulation (minutes: docker-untar is emulated),
// so it is done once per set of images: that boot's disk, powered off cleanly,
// is kept as a qcow2 layer over the cached image, keyed by the images' ids, and
// every later guest boots from a throwaway layer over it.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { saveImages } from '../docker/images';
import { bootGuest, powerOff, run, type BootSpec } from './guest-boot';
import type { OnGuestProgress } from './guest-image';
import { sshArgs } from './ssh-args';

/** The guest's path of the images disk (udev names virtio disks by their serial). */
export const GUEST_IMAGES_DISK = '/dev/disk/by-id/virtio-nslab-images';

export interface ImagesLayer {
  /** the disk a guest's run layer is made over */
  file: string;
  format: 'raw' | 'qcow2';
  images: string[];
  /** seconds spent loading, 0 when the layer was cached */
  loadSeconds: number;
}

/** The tags the host engine has, with their image ids (what the layer is keyed by). */
export async function hostImageIds(docker: Docker, tags: readonly string[]): Promise<{ ids: [string, string][]; missing: string[] }> {
  const ids: [string, string][] = [];
  const missing: string[] = [];
  for (const tag of tags) {
    const id = await docker
      .getImage(tag)
      .inspect()
      .then((i) => i.Id, () => undefined);
    if (id) ids.push([tag, id]);
    else missing.push(tag);
  }
  return { ids, missing };
}

export function layerName(ids: [string, string][]): string {
  const hash = createHash('sha256').update(JSON.stringify([...ids].sort())).digest('hex').slice(0, 16);
  return `images-${hash}.qcow2`;
}

/** The layer with these images loaded: found in the image folder, or made now by one boot. */
export async function ensureImagesLayer(
  host: Docker | undefined,
  ids: [string, string][],
  spec: Omit<BootSpec, 'disk' | 'imagesTar'>,
  say: OnGuestProgress,
): Promise<ImagesLayer> {
  const base: ImagesLayer = { file: `${spec.imageDir}/disk.img`, format: 'raw', images: [], loadSeconds: 0 };
  if (!host || ids.length === 0) return base;
  const images = ids.map(([tag]) => tag);
  const file = `${spec.imageDir}/${layerName(ids)}`;
  if (existsSync(file)) {
    say(`lab images: ${images.join(', ')} (cached in the guest's disk)`);
    return { file, format: 'qcow2', images, loadSeconds: 0 };
  }
  const tar = spec.files.imagesTar;
  try {
    let shown = 0;
    await saveImages(host, images, tar, (done, total) => {
      const percent = Math.floor((100 * done) / Math.max(total, 1));
      if (percent >= shown + 25) say(`saving the lab images: ${(shown = percent)}%`);
    });
    say('a first boot loads the lab images into the guest, once for these images');
    const loadSeconds = await loadIntoLayer(base, tar, file, /^images-[0-9a-f]+\.qcow2$/, spec, say);
    return { file, format: 'qcow2', images, loadSeconds };
  } finally {
    await rm(tar, { force: true });
  }
}

/**
 * A layer over `below` with an image archive (`docker save` format, e.g. nslab's
 * kind node image) loaded too: found, or made now by one boot with the archive
 * attached as the images disk (no copy of it: a tarball is a valid raw disk).
 * Keyed by the layer below and the archive's name, size and time, so a rebuilt
 * archive or another set of lab images makes a new one.
 */
export async function ensureArchiveLayer(
  below: ImagesLayer,
  archive: string,
  spec: Omit<BootSpec, 'disk' | 'imagesTar'>,
  say: OnGuestProgress,
): Promise<ImagesLayer> {
  const { size, mtimeMs } = await stat(archive);
  const key = createHash('sha256').update(JSON.stringify([basename(below.file), basename(archive), size, mtimeMs])).digest('hex').slice(0, 16);
  const file = `${spec.imageDir}/archive-${key}.qcow2`;
  const images = [...below.images, basename(archive)];
  if (existsSync(file)) {
    say(`${basename(archive)}: cached in the guest's disk`);
    return { file, format: 'qcow2', images, loadSeconds: 0 };
  }
  say(`a first boot loads ${basename(archive)} (${(size / 1e6).toFixed(0)} MB) into the guest, once for this archive`);
  const loadSeconds = await loadIntoLayer(below, archive, file, /^archive-[0-9a-f]+\.qcow2$/, spec, say);
  return { file, format: 'qcow2', images, loadSeconds };
}

/**
 * One boot over `below` that `docker load`s `tar` (attached read-only) and is
 * powered off cleanly; its disk is kept as `file`, replacing the older layers
 * `replaces` names. Returns the seconds the load took.
 */
async function loadIntoLayer(
  below: ImagesLayer,
  tar: string,
  file: string,
  replaces: RegExp,
  spec: Omit<BootSpec, 'disk' | 'imagesTar'>,
  say: OnGuestProgress,
): Promise<number> {
  const partial = `${file}.partial`;
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', below.format, '-b', below.file, partial]);
  try {
    const guest = await bootGuest({ ...spec, disk: partial, imagesTar: tar }, say);
    const started = Date.now();
    await run('ssh', [...sshArgs(guest.target), `docker load -i ${GUEST_IMAGES_DISK}`], { maxBuffer: 4 * 1024 * 1024 });
    const loadSeconds = (Date.now() - started) / 1000;
    say(`loaded in ${loadSeconds.toFixed(0)} s; keeping that disk`);
    await powerOff(guest);
    await removeLayers(spec.imageDir, replaces);
    await rename(partial, file);
    return loadSeconds;
  } finally {
    await rm(partial, { force: true });
  }
}

/** One layer of a kind at a time: another set of images replaces it. */
async function removeLayers(imageDir: string, names: RegExp): Promise<void> {
  for (const name of await readdir(imageDir)) {
    if (names.test(name)) await rm(`${imageDir}/${name}`, { force: true });
  }
}
