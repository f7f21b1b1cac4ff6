// The page's CSP has no 'unsafe-inline' for styles: the browser refuses (and
// reports) every <style> element with text, whoever made it. xterm.js makes
// three (its theme, its cell size, its scrollbar) and only ever sets their
// textContent and removes them. While `create` runs, what it asks for as
// <style> is an inert <template> instead (never rendered, never CSS, nothing to
// refuse), and the text written into each is kept in a constructed stylesheet:
// CSSOM, which CSP leaves to the page's own scripts, as it does Vue's :style.

export interface AdoptedStyles {
  dispose(): void;
}

export function withAdoptedStyles(create: () => void): AdoptedStyles {
  const holders: HTMLTemplateElement[] = [];
  const createElement = document.createElement;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    if (tag.toLowerCase() !== 'style') return createElement.call(this, tag, options);
    const holder = createElement.call(this, 'template') as HTMLTemplateElement;
    holders.push(holder);
    return holder;
  } as typeof document.createElement;
  try {
    create();
  } finally {
    document.createElement = createElement;
  }

  const sheets = holders.map((holder) => ({ holder, sheet: new CSSStyleSheet() }));
  const sync = () => {
    for (const { holder, sheet } of sheets) sheet.replaceSync(holder.textContent ?? '');
  };
  sync();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...sheets.map((s) => s.sheet)];
  const observer = new MutationObserver(sync);
  for (const { holder } of sheets) observer.observe(holder, { childList: true, characterData: true, subtree: true });

  return {
    dispose() {
      observer.disconnect();
      const mine = new Set<CSSStyleSheet>(sheets.map((s) => s.sheet));
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !mine.has(s));
    },
  };
}
