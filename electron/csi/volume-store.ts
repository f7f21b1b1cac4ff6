// Where the teaching driver keeps its "storage": a volume is a directory under
// <root>/volumes, a snapshot a copy under <root>/snapshots, an attachment (what
// ControllerPublishVolume records) a file under <root>/attachments. Real
// directories, so a learner can look at them on the node.
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface VolumeRecord {
  id: string;
  /** the name CreateVolume was asked for: the idempotency key (pvc-<uid>) */
  name: string;
  capacityBytes: number;
  /** the snapshot it was restored from */
  fromSnapshot?: string;
}

export interface SnapshotRecord {
  id: string;
  name: string;
  sourceVolumeId: string;
  sizeBytes: number;
  createdAt: string;
}

/** Names become path components: only what a CSI name can safely be. */
function safe(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) throw new Error(`not a usable id: ${JSON.stringify(id)}`);
  return id;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class VolumeStore {
  constructor(readonly root: string) {}

  /** the directory the node bind-mounts: the volume's data */
  dataDir(id: string): string {
    return join(this.root, 'volumes', safe(id), 'data');
  }

  private meta(kind: 'volumes' | 'snapshots', id: string): string {
    return join(this.root, kind, safe(id), 'meta.json');
  }

  volume(id: string): Promise<VolumeRecord | undefined> {
    return readJson<VolumeRecord>(this.meta('volumes', id));
  }

  async createVolume(record: VolumeRecord): Promise<void> {
    await mkdir(this.dataDir(record.id), { recursive: true });
    if (record.fromSnapshot) await cp(join(this.root, 'snapshots', safe(record.fromSnapshot), 'data'), this.dataDir(record.id), { recursive: true });
    await writeFile(this.meta('volumes', record.id), JSON.stringify(record));
  }

  async resizeVolume(id: string, capacityBytes: number): Promise<VolumeRecord | undefined> {
    const record = await this.volume(id);
    if (!record) return undefined;
    const grown = { ...record, capacityBytes: Math.max(record.capacityBytes, capacityBytes) };
    await writeFile(this.meta('volumes', id), JSON.stringify(grown));
    return grown;
  }

  async deleteVolume(id: string): Promise<void> {
    await rm(join(this.root, 'volumes', safe(id)), { recursive: true, force: true });
    await rm(join(this.root, 'attachments', safe(id)), { recursive: true, force: true });
  }

  snapshot(id: string): Promise<SnapshotRecord | undefined> {
    return readJson<SnapshotRecord>(this.meta('snapshots', id));
  }

  /** every snapshot the driver holds, oldest first */
  async snapshots(): Promise<SnapshotRecord[]> {
    const ids = await readdir(join(this.root, 'snapshots')).catch(() => []);
    const records = await Promise.all(ids.map((id) => this.snapshot(id)));
    return records.filter((r): r is SnapshotRecord => r !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createSnapshot(record: SnapshotRecord): Promise<void> {
    const dir = join(this.root, 'snapshots', safe(record.id));
    await mkdir(dir, { recursive: true });
    await cp(this.dataDir(record.sourceVolumeId), join(dir, 'data'), { recursive: true });
    await writeFile(this.meta('snapshots', record.id), JSON.stringify(record));
  }

  async deleteSnapshot(id: string): Promise<void> {
    await rm(join(this.root, 'snapshots', safe(id)), { recursive: true, force: true });
  }

  /** ControllerPublishVolume's record: this volume is attached to that node. */
  async attach(volumeId: string, nodeId: string): Promise<void> {
    const dir = join(this.root, 'attachments', safe(volumeId));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, safe(nodeId)), new Date().toISOString());
  }

  async detach(volumeId: string, nodeId: string): Promise<void> {
    await rm(join(this.root, 'attachments', safe(volumeId), safe(nodeId)), { force: true });
  }

  async attachedNodes(volumeId: string): Promise<string[]> {
    return readdir(join(this.root, 'attachments', safe(volumeId))).catch(() => []);
  }
}
