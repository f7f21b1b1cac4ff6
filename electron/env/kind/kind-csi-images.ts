// Pure: which copy of the CSI driver's images a kind install uses, and whether
// an installed driver runs the current ones. The tags never change
// (nslab/csi-node:1), so copies are told apart by their recipes' content keys
// (the image label nslab.key; `<recipe> --key`), which the install writes on
// every pod template (CSI_IMAGE_KEYS_ANNOTATION).
import { CSI_IMAGE_KEYS_ANNOTATION } from '../kube/csi-driver-manifests';

/** Where an image comes from: the engine's copy or the recipe's archive, and the key of what that holds ('?': unknown). */
export interface ImageSource {
  image: string;
  fromEngine: boolean;
  key: string;
}

/**
 * The engine's copy (`nslab prepare --load`) when its key is the one the
 * recipe would build now (`current`), or when this machine cannot tell
 * (current undefined: the recipe's inputs are not here, the copy is all there
 * is); else the recipe's archive. `engine`: undefined when the engine lacks
 * the image, '' when its copy has no key (built before keys).
 */
export function pickImageSource(image: string, current: string | undefined, engine: string | undefined): ImageSource {
  if (engine !== undefined && (current === undefined || engine === current)) return { image, fromEngine: true, key: engine || '?' };
  return { image, fromEngine: false, key: current ?? '?' };
}

/** The annotation's value for these sources: `nslab/csi-node:1=<key>,nslab/csi-sidecars:1=<key>`. */
export const imageKeys = (sources: readonly ImageSource[]): string => sources.map((s) => `${s.image}=${s.key}`).join(',');

/** The node plugin DaemonSet's (kubectl's JSON, '' when there is none) image keys: undefined without a DaemonSet, '' when it has none (installed before keys). */
export function installedImageKeys(daemonSetJson: string): string | undefined {
  if (!daemonSetJson.trim()) return undefined;
  const daemonSet = JSON.parse(daemonSetJson) as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } };
  return daemonSet.spec?.template?.metadata?.annotations?.[CSI_IMAGE_KEYS_ANNOTATION] ?? '';
}

/** Why the installed images are not the ones nslab would install now; undefined when they are, or when a key is unknown ('?': nothing better is at hand). */
export function outOfDate(installed: string, wanted: string): string | undefined {
  if (installed === wanted || wanted.includes('=?')) return undefined;
  return `it is out of date: its pods run ${installed || 'images built before nslab recorded their keys'}, nslab now has ${wanted}`;
}
