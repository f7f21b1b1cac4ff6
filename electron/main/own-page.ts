// Pure: is a frame's URL nslab's own renderer page? Every IPC call must come
// from it (Electron's security checklist: "validate the sender of all IPC
// messages"): not from an iframe, not from a page navigated elsewhere.

/** Where nslab's page comes from: its index.html in the app, or a dev server while developing. */
export type RendererSource = { kind: 'file'; path: string } | { kind: 'dev'; url: string; origin: string };

export function isOwnPage(frameUrl: string, source: RendererSource): boolean {
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (source.kind === 'dev') return url.origin === source.origin;
  // file:// URLs have no origin worth the name ("null"): the page's own file is what counts.
  return url.protocol === 'file:' && url.host === '' && decodeURIComponent(url.pathname) === toUrlPath(source.path);
}

/** A file path as a file: URL's pathname has it (Windows: "/C:/…" with forward slashes). */
function toUrlPath(path: string): string {
  const slashed = path.replaceAll('\\', '/');
  return slashed.startsWith('/') ? slashed : `/${slashed}`;
}

/** The dev server's origin when one is given and the app is not packaged; a packaged app ignores it. */
export function rendererSource(isPackaged: boolean, devUrl: string | undefined, indexFile: string): RendererSource {
  if (!isPackaged && devUrl) {
    try {
      return { kind: 'dev', url: devUrl, origin: new URL(devUrl).origin };
    } catch {
      // not a URL: the built page, as if none was given
    }
  }
  return { kind: 'file', path: indexFile };
}
