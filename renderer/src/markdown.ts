// Step texts are Markdown written by lab authors: rendered without raw HTML, so
// a lab file cannot inject markup or script into the app.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}

/** Step texts open with their title as a heading; the guide already shows it. */
export function renderStepText(text: string): string {
  return renderMarkdown(text.replace(/^\s*#\s[^\n]*\n/, ''));
}
