// Step texts are Markdown written by lab authors: rendered without raw HTML, so
// a lab file cannot inject markup or script into the app. Each fenced block
// gets its buttons here, as plain markup (no inline style, no handler): the
// step guide listens for their clicks on its container.
import { createStepMarkdown, parseFenceInfo } from '../../electron/shared/code-blocks';

const markdown = createStepMarkdown();
const plainFence = markdown.renderer.rules.fence!;
const escape = markdown.utils.escapeHtml;

type RenderEnv = {
  /** a step text's blocks get Run and Copy; a hint's fences stay plain */
  codeActions?: boolean;
};

markdown.renderer.rules.fence = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if ((env as RenderEnv | undefined)?.codeActions !== true) return plainFence(tokens, idx, options, env, self);
  // The block's number is its place among the fences, as codeBlocks() counts them in the main process.
  const index = tokens.slice(0, idx).filter((t) => t.type === 'fence').length;
  const info = parseFenceInfo(token.info);
  const firstLine = escape(token.content.trim().split('\n')[0] ?? '');
  const where = info.terminal !== undefined ? `terminal ${info.terminal}` : 'the open terminal';
  const run = info.runnable
    ? `<button type="button" class="block-run" data-action="run" data-block="${index}" title="Type it into ${where}" aria-label="Run in ${where}: ${firstLine}">▶ Run</button>`
    : '';
  const terminal = info.runnable && info.terminal !== undefined ? `<span class="block-terminal">terminal ${info.terminal}</span>` : '';
  const kind = info.runnable ? 'runnable' : 'output';
  return (
    `<div class="code-block ${kind}" data-testid="code-block-${index}" data-block="${index}">` +
    plainFence(tokens, idx, options, env, self) +
    `<div class="block-actions">${terminal}${run}` +
    `<button type="button" class="block-copy" data-action="copy" data-block="${index}" aria-label="Copy: ${firstLine}">Copy</button></div></div>`
  );
};

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

/** Step texts open with their title as a heading; the guide already shows it. */
export function renderStepText(text: string): string {
  const env: RenderEnv = { codeActions: true };
  return markdown.render(text.replace(/^\s*#\s[^\n]*\n/, ''), env);
}
