// The renderer's one way to the main process. In Electron the preload gives
// window.nslab (IPC); in browser mode the same API runs over a WebSocket to
// `nslab serve`. Nothing else in the renderer knows which one it got.
import { bindMethods, type MethodName, type NslabApi, type NslabEvent } from '../../electron/shared/api';

/**
 * `nslab serve` traded the token in the page's URL for an HttpOnly cookie when
 * it served the page: the token leaves the address bar (and the history, and
 * whatever is shown on a projector), and the WebSocket goes by the cookie.
 */
function dropTokenFromAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

function webSocketApi(): NslabApi {
  dropTokenFromAddress();
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('cannot reach nslab serve')), { once: true });
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(event: NslabEvent) => void>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    const frame = JSON.parse(String(message.data)) as { id?: number; result?: unknown; error?: string; event?: NslabEvent };
    if (frame.event) return listeners.forEach((listener) => listener(frame.event!));
    const call = frame.id === undefined ? undefined : pending.get(frame.id);
    if (!call) return;
    pending.delete(frame.id!);
    if (frame.error !== undefined) call.reject(new Error(frame.error));
    else call.resolve(frame.result);
  });
  socket.addEventListener('close', () => {
    for (const call of pending.values()) call.reject(new Error('the connection to nslab serve closed'));
    pending.clear();
  });

  const call = async (method: MethodName, args: unknown[]) => {
    await opened;
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, args }));
    });
  };
  return {
    ...bindMethods(call),
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export const api: NslabApi = window.nslab ?? webSocketApi();
