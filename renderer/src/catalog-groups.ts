// Pure: the catalog as the learner reads it: a section per pack with its labs in
// the pack's order, then every lab in no pack under "Other".
import type { LabCatalog, LabSummary, PackSummary } from '../../electron/shared/api';

export interface CatalogGroup {
  /** absent for "Other" */
  pack?: PackSummary;
  labs: LabSummary[];
}

export function groupByPack(catalog: LabCatalog): CatalogGroup[] {
  const byId = new Map(catalog.labs.map((lab) => [lab.id, lab]));
  // A lab a pack names that did not load is missing here; its problem is listed below the catalog.
  const groups: CatalogGroup[] = catalog.packs.map((pack) => ({
    pack,
    labs: pack.labs.flatMap((id) => byId.get(id) ?? []),
  }));
  const packed = new Set(catalog.packs.flatMap((p) => p.labs));
  const other = catalog.labs.filter((lab) => !packed.has(lab.id));
  if (other.length > 0) groups.push({ labs: other });
  return groups;
}
