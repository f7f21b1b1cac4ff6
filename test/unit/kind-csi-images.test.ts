// Which copy of the CSI driver's images a kind install takes, and when an
// installed driver is out of date: the tag never changes, the recipes' keys do.
import { describe, expect, it } from 'vitest';
import { CSI_IMAGE_KEYS_ANNOTATION } from '../../electron/env/kube/csi-driver-manifests';
import { imageKeys, installedImageKeys, outOfDate, pickImageSource } from '../../electron/env/kind/kind-csi-images';

const NODE = 'nslab/csi-node:1';

describe("the CSI driver's images on kind", () => {
  it("takes the engine's copy only when its key is the recipe's current one, or when no current key can be had here", () => {
    expect(pickImageSource(NODE, 'new', 'new')).toEqual({ image: NODE, fromEngine: true, key: 'new' });
    // loaded by `prepare --load` before a driver fix: the archive, rebuilt under the new key
    expect(pickImageSource(NODE, 'new', 'old')).toEqual({ image: NODE, fromEngine: false, key: 'new' });
    // a copy from before keys
    expect(pickImageSource(NODE, 'new', '')).toEqual({ image: NODE, fromEngine: false, key: 'new' });
    expect(pickImageSource(NODE, 'new', undefined)).toEqual({ image: NODE, fromEngine: false, key: 'new' });
    // a machine that cannot run the recipe (no apt, no Go): the loaded copy is all there is
    expect(pickImageSource(NODE, undefined, 'old')).toEqual({ image: NODE, fromEngine: true, key: 'old' });
    expect(pickImageSource(NODE, undefined, '')).toEqual({ image: NODE, fromEngine: true, key: '?' });
    expect(pickImageSource(NODE, undefined, undefined)).toEqual({ image: NODE, fromEngine: false, key: '?' });
  });

  it('reads the installed keys from the DaemonSet, and says when they are not the current ones', () => {
    const keys = imageKeys([pickImageSource(NODE, 'a1', undefined), pickImageSource('nslab/csi-sidecars:1', 'b2', 'b2')]);
    expect(keys).toBe('nslab/csi-node:1=a1,nslab/csi-sidecars:1=b2');
    const daemonSet = (annotations?: Record<string, string>) => JSON.stringify({ kind: 'DaemonSet', spec: { template: { metadata: { ...(annotations ? { annotations } : {}) } } } });
    expect(installedImageKeys('')).toBeUndefined();
    expect(installedImageKeys(daemonSet())).toBe('');
    expect(installedImageKeys(daemonSet({ [CSI_IMAGE_KEYS_ANNOTATION]: keys }))).toBe(keys);

    expect(outOfDate(keys, keys)).toBeUndefined();
    expect(outOfDate('nslab/csi-node:1=a0,nslab/csi-sidecars:1=b2', keys)).toBe(`it is out of date: its pods run nslab/csi-node:1=a0,nslab/csi-sidecars:1=b2, nslab now has ${keys}`);
    expect(outOfDate('', keys)).toContain('its pods run images built before nslab recorded their keys');
    // what nslab would install now is not known: nothing better to roll to
    expect(outOfDate('', 'nslab/csi-node:1=?,nslab/csi-sidecars:1=b2')).toBeUndefined();
  });
});
