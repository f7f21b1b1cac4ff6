// Electron entry: one window, secure defaults, the typed API wired to IPC.
// Thin on purpose: the services it wires are plain classes tested under Node.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { CatalogService } from '../engine/catalog';
import { EnvironmentStatusService } from '../env/status';
import { API_CHANNELS, type NslabApi } from '../shared/api';

const labsDir = app.isPackaged ? join(process.resourcesPath, 'labs') : join(app.getAppPath(), 'labs');

function serve(api: NslabApi): void {
  for (const [method, channel] of Object.entries(API_CHANNELS) as [keyof NslabApi, string][]) {
    ipcMain.handle(channel, () => api[method]());
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
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
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const catalog = new CatalogService(labsDir);
  const environment = new EnvironmentStatusService();
  serve({ listLabs: () => catalog.listLabs(), environmentStatus: () => environment.status() });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
