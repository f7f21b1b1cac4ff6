// Electron entry: one window, secure defaults, the typed API wired to IPC.
// Thin on purpose: NslabService is a plain class tested under Node.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { NslabService } from '../app/nslab-service';
import { clusterTarget } from '../cli/cluster-options';
import { defaultLearner } from '../env/kube/kube-environment';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/api';
import { dispatch } from '../shared/dispatch';
import { isOwnPage, rendererSource } from './own-page';

const labsDir = app.isPackaged ? join(process.resourcesPath, 'labs') : join(app.getAppPath(), 'labs');
// ELECTRON_RENDERER_URL is electron-vite's dev server: honoured only in a build
// that is not packaged, or anyone who can set the variable picks the app's page.
const source = rendererSource(app.isPackaged, process.env.ELECTRON_RENDERER_URL, join(__dirname, '../renderer/index.html'));
const windows = new Set<BrowserWindow>();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'nslab',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // No remote content: links open in the learner's browser, navigation is refused.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  windows.add(window);
  window.on('closed', () => windows.delete(window));
  if (source.kind === 'dev') void window.loadURL(source.url);
  else void window.loadFile(source.path);
  return window;
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // A classroom's cluster instead of kind's: NSLAB_KUBECONFIG (and NSLAB_CONTEXT), as for the CLI.
  const cluster = clusterTarget({ learner: defaultLearner(), ...(process.env.NSLAB_CONTEXT ? { context: process.env.NSLAB_CONTEXT } : {}) });
  // The desktop app's user owns the machine: they may open packs from its folders (each asked about once).
  const service = new NslabService({ labsDir, progressFile: join(app.getPath('userData'), 'progress.json'), openPacks: {}, ...(cluster ? { cluster } : {}) });
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, args: unknown) => {
    // Only the main frame of a window of ours, showing our page; dispatch then checks every argument.
    const frame = event.senderFrame;
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!frame || frame.parent !== null || !window || !windows.has(window) || !isOwnPage(frame.url, source)) {
      throw new Error(`nslab refuses calls from ${frame?.url ?? 'a frame that is gone'}: only its own page may call`);
    }
    return dispatch(service, method, args);
  });
  service.onEvent((event) => {
    for (const window of windows) window.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  // Everything the app created goes with it.
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    void service.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
