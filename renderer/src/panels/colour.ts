// One stable colour per key (a namespace inode, a peer group id), so the same
// thing looks the same in every panel and in every snapshot.

/**
 * The CSS colours of a chip: a light fill, a darker border, dark text. A type
 * alias, not an interface, so that it fits Vue's `:style` (CSSProperties).
 */
export type ChipColours = {
  backgroundColor: string;
  borderColor: string;
  color: string;
};

/**
 * 32-bit hash of the key's text: FNV-1a, then murmur3's finaliser so that
 * neighbouring inodes (4026532327, 4026532328, …) land far apart.
 */
function hash(key: string | number): number {
  const text = String(key);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A hue in [0, 360) that depends only on the key. */
export function stableHue(key: string | number): number {
  return hash(key) % 360;
}

/**
 * Chip colours for a key: the hue comes from the key, and a second slice of the
 * hash nudges the lightness so that two keys with close hues still differ.
 */
export function stableColour(key: string | number): ChipColours {
  const h = hash(key);
  const hue = h % 360;
  const light = 82 + ((h >>> 12) % 3) * 4;
  return {
    backgroundColor: `hsl(${hue} 78% ${light}%)`,
    borderColor: `hsl(${hue} 45% 42%)`,
    color: `hsl(${hue} 65% 18%)`,
  };
}

/** The key of a mount peer group (`shared:N`, `master:N`, `propagate_from:N` all name one). */
export function peerGroupColour(id: number): ChipColours {
  return stableColour(`peer-group:${id}`);
}

/** The colour of a namespace, by its inode: the same inode has the same colour in every panel. */
export function namespaceColour(inode: number): ChipColours {
  return stableColour(`ns:${inode}`);
}
