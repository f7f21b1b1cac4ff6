// The lab packs opened in this app besides its built-in labs: each one either
// shipped with nslab or was trusted by the user in its exact content. Asked
// every time the catalog is listed or a lab is loaded, a pack whose content no
// longer matches a trust record drops out (with a located problem saying so)
// until it is opened and agreed to again.
import { basename } from 'node:path';
import type { PackOpening } from '../shared/api';
import type { LabProblem } from '../shared/lab';
import { findLabDirs } from '../labs/loader';
import { digestPackFolder } from '../labs/pack-digest';
import { packTrustState, trustReviewedPack } from '../labs/pack-review';
import { PackTrustStore } from '../labs/trust-store';

export interface OpenedPacksOptions {
  /** the labs that ship with nslab: always open, never asked about */
  builtInLabsDir: string;
  store?: PackTrustStore;
}

export class OpenedPacks {
  private readonly opened = new Set<string>();
  private readonly store: PackTrustStore;

  constructor(private readonly options: OpenedPacksOptions) {
    this.store = options.store ?? new PackTrustStore();
  }

  async open(folder: string): Promise<PackOpening> {
    const trust = await packTrustState(folder, this.options.builtInLabsDir, this.store);
    if (trust.state === 'ask') return { state: 'ask', review: trust.review };
    if (trust.state === 'built-in') return { state: 'opened', folder: this.options.builtInLabsDir };
    this.opened.add(trust.review.folder);
    return { state: 'opened', folder: trust.review.folder };
  }

  async trust(folder: string, digest: string): Promise<PackOpening> {
    const review = await trustReviewedPack({ folder, digest }, this.store);
    this.opened.add(review.folder);
    return { state: 'opened', folder: review.folder };
  }

  /** The built-in labs folder, then every opened pack still trusted as it is now; a changed one is closed, and said so. */
  async folders(): Promise<{ folders: string[]; problems: LabProblem[] }> {
    const folders = [this.options.builtInLabsDir];
    const problems: LabProblem[] = [];
    for (const folder of this.opened) {
      const digest = await digestPackFolder(folder).catch(() => undefined);
      if (digest !== undefined && (await this.store.isTrusted(digest))) {
        folders.push(folder);
        continue;
      }
      this.opened.delete(folder);
      problems.push({ file: folder, line: 1, column: 1, path: '', message: 'this pack changed since you trusted it (or is gone): open it again to see what it runs now' });
    }
    return { folders, problems };
  }

  /** The folder of lab `labId`: the built-in one first, so an opened pack never stands in for a lab that shipped. */
  async labDir(labId: string): Promise<string | undefined> {
    const inFolder = async (folder: string) => (await findLabDirs(folder).catch(() => [])).find((d) => basename(d) === labId);
    const builtIn = await inFolder(this.options.builtInLabsDir);
    if (builtIn || this.opened.size === 0) return builtIn;
    for (const folder of (await this.folders()).folders.slice(1)) {
      const dir = await inFolder(folder);
      if (dir) return dir;
    }
    return undefined;
  }
}
