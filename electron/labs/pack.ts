// Pure: the lab pack format (labs/<id>.pack.yaml) and its rules. A pack is a
// course: its labs in the order learners take them, and every image those labs
// need on the engine, so `nslab prepare` can make a machine ready (or a tarball
// for machines with no network) before a class.
import { z } from 'zod';
import { LabSchema } from '../shared/lab';
import { closest } from './closest';
import { parseYamlWithSchema, type Locate, type SchemaParseResult } from './parse';
import { formatPath, type LabProblem } from './problems';

export const PACK_SUFFIX = '.pack.yaml';

// Pack ids follow the rule of lab ids.
const labId = LabSchema.shape.id;

/**
 * A tagged (or digest-pinned) image reference: a pack must say exactly what to
 * prepare, and an untagged name means whatever `latest` is on the day.
 */
const IMAGE_REFERENCE =
  /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::\w[\w.-]{0,127}|@sha256:[a-f0-9]{64}|:\w[\w.-]{0,127}@sha256:[a-f0-9]{64})$/;

export const PackSchema = z.strictObject({
  id: labId.describe('the file name before .pack.yaml, e.g. "kernel"'),
  title: z.string().min(1),
  summary: z.string().min(1).optional(),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version such as "1.0.0"'),
  labs: z.array(labId).min(1, 'at least one lab id, in the order learners take them'),
  images: z
    .array(z.string().regex(IMAGE_REFERENCE, 'an image with its tag, e.g. "nslab/box:1" or "kindest/node:v1.37.0"'))
    .default([])
    .describe('every image the labs need on the Docker engine'),
});
export type PackDefinition = z.infer<typeof PackSchema>;

/** A pack as loaded from disk. */
export interface Pack extends PackDefinition {
  file: string;
}

const PACK_FIELDS = Object.keys(PackSchema.shape);

export function parsePackYaml(text: string, file: string): SchemaParseResult<PackDefinition> {
  return parseYamlWithSchema(text, file, PackSchema, () => PACK_FIELDS);
}

export interface PackContext {
  file: string;
  /** the file name before .pack.yaml; the pack's id must match it */
  fileStem: string;
  /** where the labs live, as the author would look for them */
  labsRoot: string;
  locate: Locate;
  /** every lab folder there, loadable or not (a broken lab reports its own problems) */
  labIds: readonly string[];
  /** the image a lab runs in (its box, or a Kubernetes lab's tools box); undefined for a lab that did not load */
  imageOf: (labId: string) => string | undefined;
}

/** Rules a schema cannot say: the id, labs that exist once each, images the labs need. */
export function packProblems(pack: PackDefinition, ctx: PackContext): LabProblem[] {
  const problems: LabProblem[] = [];
  const report = (path: PropertyKey[], message: string) =>
    problems.push({ file: ctx.file, ...ctx.locate(path), path: formatPath(path), message });

  if (pack.id !== ctx.fileStem) report(['id'], `expected "${ctx.fileStem}" (the file name before ${PACK_SUFFIX}), found "${pack.id}"`);

  const seen = new Map<string, number>();
  const unlisted = new Map<string, string[]>();
  pack.labs.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) return report(['labs', i], `lab "${id}" is listed twice (first at labs[${first}])`);
    seen.set(id, i);
    if (!ctx.labIds.includes(id)) {
      const suggestion = closest(id, ctx.labIds);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
      return report(['labs', i], `no lab "${id}" in ${ctx.labsRoot} (a lab is a folder ${id}/ with lab.yaml)${hint}`);
    }
    const image = ctx.imageOf(id);
    if (image !== undefined && !pack.images.includes(image)) unlisted.set(image, [...(unlisted.get(image) ?? []), id]);
  });
  for (const [image, labs] of unlisted) {
    report(['images'], `${image} is missing: ${labs.join(', ')} run${labs.length === 1 ? 's' : ''} in it, and \`nslab prepare\` only readies the images listed here`);
  }
  return problems;
}
