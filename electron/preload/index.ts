// Exposes the typed nslab API to the sandboxed renderer, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { bindMethods, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type NslabApi, type NslabEvent } from '../shared/api';

const api: NslabApi = {
  ...bindMethods((method, args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, args)),
  onEvent(listener) {
    const handler = (_event: Electron.IpcRendererEvent, payload: NslabEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.off(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('nslab', api);
