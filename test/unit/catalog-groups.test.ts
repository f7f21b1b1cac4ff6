// The catalog as the learner reads it: packs in their order, then "Other".
import { describe, expect, it } from 'vitest';
import type { LabCatalog, LabSummary } from '../../electron/shared/api';
import { groupByPack } from '../../renderer/src/catalog-groups';

const lab = (id: string): LabSummary => ({ id, title: id, summary: '', level: 'beginner', minutes: 10, requires: ['docker'], steps: 3 });
const pack = (id: string, labs: string[]) => ({ id, title: id, version: '1.0.0', labs, images: [] });

describe('groupByPack', () => {
  it('lists each pack in its own order, and labs in no pack last under Other', () => {
    const catalog: LabCatalog = {
      labs: ['a', 'b', 'c', 'd'].map(lab),
      packs: [pack('second-first', ['c', 'a']), pack('one', ['b'])],
      problems: [],
    };
    expect(groupByPack(catalog).map((g) => [g.pack?.id ?? 'Other', g.labs.map((l) => l.id)])).toEqual([
      ['second-first', ['c', 'a']],
      ['one', ['b']],
      ['Other', ['d']],
    ]);
  });

  it('leaves out a lab that did not load (its problem is listed), and Other when empty', () => {
    const catalog: LabCatalog = { labs: [lab('a')], packs: [pack('p', ['broken', 'a'])], problems: [] };
    expect(groupByPack(catalog)).toEqual([{ pack: catalog.packs[0], labs: [catalog.labs[0]] }]);
  });

  it('is one Other group when there are no packs', () => {
    expect(groupByPack({ labs: [lab('a')], packs: [], problems: [] })).toEqual([{ labs: [lab('a')] }]);
  });
});
