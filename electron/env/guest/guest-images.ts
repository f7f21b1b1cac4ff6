// The lab images reach the guest without a registry: `docker save` on the host
// engine into one tarball, attached to the VM as a read-only disk, read by
// `docker load` inside. A disk is much faster than a stream through ssh under
// TCG, where the guest's side of the encryption is emulated.
import type Docker from 'dockerode';
import { imagePresent, saveImages, type OnBytes } from '../docker/images';

/** The guest's path of the images disk (udev names virtio disks by their serial). */
export const GUEST_IMAGES_DISK = '/dev/disk/by-id/virtio-nslab-images';

/** Saves those of `images` the host engine has into `tarFile`; says which it lacks. */
export async function saveHostImages(docker: Docker, images: readonly string[], tarFile: string, onBytes: OnBytes): Promise<{ saved: string[]; missing: string[] }> {
  const present = await Promise.all(images.map((image) => imagePresent(docker, image)));
  const saved = images.filter((_, i) => present[i]);
  const missing = images.filter((_, i) => !present[i]);
  if (saved.length > 0) await saveImages(docker, saved, tarFile, onBytes);
  return { saved, missing };
}
