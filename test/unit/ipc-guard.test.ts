// What the main process accepts over IPC (and the server over its WebSocket):
// calls from nslab's own page only, with arguments of the shapes the API
// declares. Electron itself cannot start here (no binary can be downloaded);
// these are the checks its handler runs, on the values a frame would send.
import { describe, expect, it } from 'vitest';
import { isOwnPage, rendererSource } from '../../electron/main/own-page';
import type { NslabMethods } from '../../electron/shared/api';
import { dispatch, DispatchError } from '../../electron/shared/dispatch';

describe('isOwnPage', () => {
  const built = rendererSource(true, 'http://localhost:5173/', '/opt/nslab/resources/app.asar/out/renderer/index.html');

  it('a packaged app ignores ELECTRON_RENDERER_URL and trusts only its own index.html', () => {
    expect(built).toEqual({ kind: 'file', path: '/opt/nslab/resources/app.asar/out/renderer/index.html' });
    expect(isOwnPage('file:///opt/nslab/resources/app.asar/out/renderer/index.html', built)).toBe(true);
    expect(isOwnPage('file:///opt/nslab/resources/app.asar/out/renderer/index.html#/lab/uts-namespace', built)).toBe(true);
    expect(isOwnPage('http://localhost:5173/', built)).toBe(false);
    expect(isOwnPage('file:///tmp/evil.html', built)).toBe(false);
    expect(isOwnPage('file://server/opt/nslab/resources/app.asar/out/renderer/index.html', built)).toBe(false);
    expect(isOwnPage('about:blank', built)).toBe(false);
    expect(isOwnPage('not a url', built)).toBe(false);
  });

  it('an unpackaged build with a dev server trusts that origin only', () => {
    const dev = rendererSource(false, 'http://localhost:5173/', '/repo/out/renderer/index.html');
    expect(dev).toEqual({ kind: 'dev', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(isOwnPage('http://localhost:5173/#/lab/x', dev)).toBe(true);
    expect(isOwnPage('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnPage('https://example.com/', dev)).toBe(false);
    expect(rendererSource(false, undefined, '/repo/out/renderer/index.html')).toEqual({ kind: 'file', path: '/repo/out/renderer/index.html' });
  });
});

describe('dispatch', () => {
  const calls: unknown[][] = [];
  const api = new Proxy({} as NslabMethods, {
    get: (_target, method) => async (...args: unknown[]) => void calls.push([method, ...args]),
  });

  it('passes well-formed arguments through', async () => {
    await dispatch(api, 'getLab', ['uts-namespace']);
    await dispatch(api, 'openTerminal', ['uts-namespace', 0, 80, 24]);
    await dispatch(api, 'writeTerminal', ['a1b2c3', 'ls -la\r']);
    expect(calls).toEqual([
      ['getLab', 'uts-namespace'],
      ['openTerminal', 'uts-namespace', 0, 80, 24],
      ['writeTerminal', 'a1b2c3', 'ls -la\r'],
    ]);
  });

  it.each([
    ['getLab', ['../../etc'], /getLab: argument 0: an id/],
    ['getLab', [], /getLab/],
    ['getLab', ['uts-namespace', 'extra'], /getLab/],
    ['openTerminal', ['uts-namespace', 0.5, 80, 24], /argument 1/],
    ['openTerminal', ['uts-namespace', 0, 1e9, 24], /argument 2/],
    ['resizeTerminal', ['$(id)', 80, 24], /argument 0: a terminal id/],
    ['writeTerminal', ['a1', 'x'.repeat(2 * 1024 * 1024)], /argument 1/],
    ['listLabs', [{}], /listLabs/],
    ['joinClass', [{ toString: 'x' }, 'CODE', 'me'], /argument 0/],
    ['nope', [], /unknown method "nope"/],
    ['getLab', 'uts-namespace', /getLab/],
  ])('refuses a bad %s call (case %#)', async (method, args, message) => {
    const before = calls.length;
    await expect(dispatch(api, method, args)).rejects.toThrow(message);
    await expect(dispatch(api, method, args)).rejects.toBeInstanceOf(DispatchError);
    expect(calls.length).toBe(before);
  });
});
