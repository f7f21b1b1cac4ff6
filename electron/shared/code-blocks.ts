// The code blocks of a step's Markdown and what each one is for: a shell block
// the page can Run (typed into a terminal as the learner would type it), or
// output and explanation, which only gets Copy. One reading serves the page's
// buttons, the lab linter and the main process that types a block, so the
// three never disagree about which block is which.
//
// A fence's info string is `<language> [terminal=<n>] [norun]`:
//   ```sh               runnable, typed into the terminal the learner has open
//   ```sh terminal=2    runnable, always typed into terminal 2
//   ```sh norun         shell text that must not be run from the page (Copy only)
//   ```text, ```console-output, any other language, or none: not runnable
import MarkdownIt from 'markdown-it';

/** The languages whose blocks are commands; everything else is output or explanation. */
export const RUNNABLE_LANGUAGES: readonly string[] = ['sh', 'bash', 'shell'];

export interface FenceInfo {
  /** the first word of the info string; '' when the fence names none */
  language: string;
  runnable: boolean;
  /** 1-based; absent: the terminal the learner has open */
  terminal?: number;
  /** what is wrong with the info string, for the linter; the page ignores it */
  problems: string[];
}

export interface CodeBlock extends FenceInfo {
  /** position among the step's fenced blocks, from 0: how the page names a block to the main process */
  index: number;
  /** 1-based line of the opening fence in the Markdown */
  line: number;
  code: string;
}

/** The Markdown reader of step texts: raw HTML off, so a lab file cannot inject markup or script. */
export function createStepMarkdown(): StepMarkdown {
  return new MarkdownIt({ html: false, linkify: false, typographer: false });
}

export type StepMarkdown = InstanceType<typeof MarkdownIt>;

const reader = createStepMarkdown();

export function parseFenceInfo(info: string): FenceInfo {
  const [language = '', ...attributes] = info.trim().split(/\s+/).filter(Boolean);
  const problems: string[] = [];
  let terminal: number | undefined;
  let norun = false;
  for (const attribute of attributes) {
    const value = /^terminal=(.*)$/.exec(attribute)?.[1];
    if (value !== undefined) {
      const n = Number(value);
      if (/^\d+$/.test(value) && n >= 1) terminal = n;
      else problems.push(`expected terminal=<n> with n from 1, found "${attribute}"`);
    } else if (attribute === 'norun') norun = true;
    else problems.push(`unknown attribute "${attribute}" (a fence may say terminal=<n> or norun)`);
  }
  const shell = RUNNABLE_LANGUAGES.includes(language);
  if (terminal !== undefined && (!shell || norun)) {
    problems.push(`terminal=${terminal} on a block that is not run (only ${RUNNABLE_LANGUAGES.join(', ')} blocks without norun are)`);
  }
  return { language, runnable: shell && !norun, ...(terminal !== undefined ? { terminal } : {}), problems };
}

/** Every fenced block of a step text, in document order (nested ones in lists included). */
export function codeBlocks(markdown: string): CodeBlock[] {
  return reader
    .parse(markdown, {})
    .filter((token) => token.type === 'fence')
    .map((token, index) => ({
      index,
      line: (token.map?.[0] ?? 0) + 1,
      code: token.content,
      ...parseFenceInfo(token.info),
    }));
}
