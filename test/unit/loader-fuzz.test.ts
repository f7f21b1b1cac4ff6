// Deterministic fuzzing of the lab loader (and the pack loader, which shares its
// parser): thousands of mutations of the real lab.yaml files — truncation, byte
// flips, invalid UTF-8, indentation changes, tabs, type swaps, duplicated keys,
// stray YAML syntax. The loader must never throw anything but a LabLoadError,
// and every problem must name the file and a line that exists.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAB_FILE, loadLab } from '../../electron/labs/loader';
import { parseLabYaml } from '../../electron/labs/parse';
import { loadPacks } from '../../electron/labs/pack-loader';
import { LabLoadError, type LabProblem } from '../../electron/labs/problems';
import { REPO_ROOT } from '../helpers/cli';

const SEED = 0x6e736c61; // "nsla"
const LAB_ROUNDS = 1000;
const PACK_ROUNDS = 1000;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: Buffer, random: () => number) => Buffer;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
const lines = (text: Buffer) => text.toString('latin1').split('\n');
const joined = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');
/** A random line holding `key: value`, or undefined. */
const keyLine = (ls: string[], random: () => number) => {
  const candidates = ls.map((l, i) => [l, i] as const).filter(([l]) => /^\s*(- )?[\w$.]+:\s*\S/.test(l));
  return candidates.length ? pick(candidates, random)[1] : undefined;
};

const SWAPS = ['[]', '{}', '123', '-7', '1.5', 'true', 'null', '~', '""', '"text"', '[a, b]', '{ a: 1 }', '&anchor x', '*nowhere', '!!binary aGk=', '|', '>-', "'", '"unclosed'];
const JUNK = [': ', '- ', '? ', '{', '}', '[', ']', '!', '&', '*', '|', '>', '%', '@', '`', '#', ',', '"', "'", '\\', '\u0000', '\r', '---', '...', '<<: *a'];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.subarray(0, Math.floor(r() * t.length)),
  flipBytes: (t, r) => {
    const out = Buffer.from(t);
    for (let n = 1 + Math.floor(r() * 5); n > 0 && out.length > 0; n--) {
      const at = Math.floor(r() * out.length);
      out[at] = out[at]! ^ (1 << Math.floor(r() * 8));
    }
    return out;
  },
  invalidUtf8: (t, r) => {
    const at = Math.floor(r() * t.length);
    return Buffer.concat([t.subarray(0, at), Buffer.from(pick([[0xc3, 0x28], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98]], r)), t.subarray(at)]);
  },
  indent: (t, r) => {
    const ls = lines(t);
    const i = Math.floor(r() * ls.length);
    ls[i] = r() < 0.5 ? ' '.repeat(1 + Math.floor(r() * 3)) + ls[i] : ls[i]!.replace(/^ {1,3}/, '');
    return joined(ls);
  },
  tabs: (t, r) => {
    const ls = lines(t);
    const i = Math.floor(r() * ls.length);
    ls[i] = ls[i]!.replace(/^ +/, '\t');
    return joined(ls);
  },
  swapType: (t, r) => {
    const ls = lines(t);
    const i = keyLine(ls, r);
    if (i !== undefined) ls[i] = ls[i]!.replace(/:\s*\S.*$/, `: ${pick(SWAPS, r)}`);
    return joined(ls);
  },
  duplicateKey: (t, r) => {
    const ls = lines(t);
    const i = keyLine(ls, r);
    if (i !== undefined) ls.splice(i + 1, 0, ls[i]!.replace(/^(\s*)- /, '$1  '));
    return joined(ls);
  },
  dropLine: (t, r) => {
    const ls = lines(t);
    ls.splice(Math.floor(r() * ls.length), 1);
    return joined(ls);
  },
  swapLines: (t, r) => {
    const ls = lines(t);
    const i = Math.floor(r() * ls.length);
    const j = Math.floor(r() * ls.length);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return joined(ls);
  },
  junk: (t, r) => {
    const at = Math.floor(r() * t.length);
    return Buffer.concat([t.subarray(0, at), Buffer.from(pick(JUNK, r), 'utf8'), t.subarray(at)]);
  },
};

function mutate(text: Buffer, random: () => number): { text: Buffer; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const name = pick(Object.keys(MUTATIONS), random);
    applied.push(name);
    out = MUTATIONS[name]!(out, random);
  }
  return { text: out, applied };
}

/** What is wrong with a set of problems: each must name `file` and a line of it (one past the end: the end of the file). */
function unlocated(problems: LabProblem[], file: string, text: Buffer): string | undefined {
  if (problems.length === 0) return 'no problem reported';
  const lineCount = text.toString('utf8').split(/\r\n|\r|\n/).length;
  const bad = problems.find(
    (p) => p.file !== file || !Number.isInteger(p.line) || p.line < 1 || p.line > lineCount + 1 || !Number.isInteger(p.column) || p.column < 1 || !p.message,
  );
  return bad && `not located in ${lineCount} lines: ${JSON.stringify(bad)}`;
}

const scratch = mkdtempSync(join(tmpdir(), 'nslab-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const labIds = readdirSync(join(REPO_ROOT, 'labs'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'images')
  .map((e) => e.name)
  .sort();

describe('the lab loader under malformed YAML', () => {
  // What the fuzzer first found: YAML that parses, then throws while its value is built.
  it('locates an alias to no anchor, and an alias bomb, at the alias', () => {
    const dangling = 'id: uts-namespace\ntitle: x\nsummary: *nowhere\n';
    expect(parseLabYaml(dangling, 'lab.yaml')).toEqual({
      ok: false,
      problems: [{ file: 'lab.yaml', line: 3, column: 10, path: '', message: 'YAML: Unresolved alias (the anchor must be set before the alias): nowhere' }],
    });
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    const bomb = parseLabYaml(laughs, 'lab.yaml');
    expect(bomb).toMatchObject({ ok: false, problems: [{ line: 2, message: expect.stringContaining('Excessive alias count') }] });
  });

  it(`gives located problems, never a crash, for ${LAB_ROUNDS} mutations of ${labIds.length} real labs`, async () => {
    const originals = labIds.map((id) => {
      cpSync(join(REPO_ROOT, 'labs', id), join(scratch, id), { recursive: true });
      return { dir: join(scratch, id), file: join(scratch, id, LAB_FILE), text: readFileSync(join(REPO_ROOT, 'labs', id, LAB_FILE)) };
    });
    const random = prng(SEED);
    const tally = { loaded: 0, problems: 0 };
    const failures: string[] = [];
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    for (let round = 0; round < LAB_ROUNDS; round++) {
      const lab = pick(originals, random);
      const { text, applied } = mutate(lab.text, random);
      writeFileSync(lab.file, text);
      const what = `round ${round}: ${applied.join('+')} of ${lab.file}`;
      try {
        await loadLab(lab.dir);
        tally.loaded++;
      } catch (error) {
        // expect() per round would cost more than the parsing: collect, then assert once.
        const wrong = error instanceof LabLoadError ? unlocated(error.problems, lab.file, text) : `threw ${(error as Error).stack}`;
        if (wrong) failures.push(`${what}: ${wrong}`);
        tally.problems++;
      }
    }
    expect(failures).toEqual([]);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `loader fuzz: ${LAB_ROUNDS} mutations (seed ${SEED.toString(16)}): ${tally.problems} located problem sets, ${tally.loaded} still valid; ` +
        `${seconds.toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU)`,
    );
    // Most mutations must break something, or the fuzzer is not reaching the parser.
    expect(tally.problems).toBeGreaterThan(LAB_ROUNDS / 2);
  });

  it(`does the same for packs, ${PACK_ROUNDS} mutations of the shipped ones`, async () => {
    const packs = ['kernel', 'kubernetes-storage'].map((id) => ({
      file: join(scratch, `${id}.pack.yaml`),
      text: readFileSync(join(REPO_ROOT, 'labs', `${id}.pack.yaml`)),
    }));
    const random = prng(SEED + 1);
    const started = performance.now();
    let located = 0;
    const failures: string[] = [];
    for (let round = 0; round < PACK_ROUNDS; round++) {
      const pack = pick(packs, random);
      const { text, applied } = mutate(pack.text, random);
      for (const p of packs) rmSync(p.file, { force: true });
      writeFileSync(pack.file, text);
      const { packs: loaded, problems } = await loadPacks(scratch, []);
      if (loaded.length > 0) continue;
      const wrong = unlocated(problems, pack.file, text);
      if (wrong) failures.push(`round ${round}: ${applied.join('+')} of ${pack.file}: ${wrong}`);
      located++;
    }
    console.log(`pack fuzz: ${PACK_ROUNDS} mutations: ${located} located problem sets; ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(failures).toEqual([]);
    expect(located).toBeGreaterThan(PACK_ROUNDS / 2);
  });
});
