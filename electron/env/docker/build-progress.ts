// Pure: a line of an image build's output -> the stage it reached, for a
// progress display. Builds run through scripts/ensure-box-image.sh: either
// debootstrap + import (scripts/build-box-offline.sh, whose own lines say the
// stage) or `docker build` (the classic builder's "Step n/m", BuildKit's
// plain-progress "#n [k/m]"); and the archive recipes (scripts/kind-node),
// whose lines say "<recipe>: [k/m] <stage>".

export interface BuildStage {
  /** 1-based */
  index: number;
  total: number;
  label: string;
}

const OFFLINE_STAGES = ['debootstrap', 'importing', 'built'] as const;
const OFFLINE_LINE = /^build-box-offline: (debootstrap|importing|built)\b(.*)$/;
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.+)$/;
const BUILDKIT_STEP = /^#\d+ \[(?:[\w.-]+ )?(\d+)\/(\d+)\] (.+)$/;
const RECIPE_STEP = /^[\w-]+: \[(\d+)\/(\d+)\] (.+)$/;

export function parseBuildLine(line: string): BuildStage | undefined {
  const text = line.trim();
  const offline = OFFLINE_LINE.exec(text);
  if (offline) {
    const stage = offline[1] as (typeof OFFLINE_STAGES)[number];
    return { index: OFFLINE_STAGES.indexOf(stage) + 1, total: OFFLINE_STAGES.length, label: `${stage}${offline[2]}` };
  }
  const step = CLASSIC_STEP.exec(text) ?? BUILDKIT_STEP.exec(text) ?? RECIPE_STEP.exec(text);
  if (step) return { index: Number(step[1]), total: Number(step[2]), label: step[3]! };
  return undefined;
}
