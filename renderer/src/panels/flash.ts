// "What changed since the last snapshot": a watcher keeps the previous snapshot,
// diffs it with the next, and marks the changed keys for a short while so the
// panels can give them a fading highlight.
import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue';

/** How long a change stays marked; the panels' fade animations last as long. */
export const FLASH_MS = 1500;

/**
 * Watches `source`; whenever a snapshot follows another, `changes(previous, next)`
 * names what changed and those keys are in the returned set for `durationMs`.
 * The first snapshot, and one after the source went undefined, marks nothing:
 * everything would be new.
 */
export function useChangeFlash<S>(
  source: () => S | undefined,
  changes: (previous: S, next: S) => Iterable<string>,
  durationMs = FLASH_MS,
): Readonly<Ref<ReadonlySet<string>>> {
  const previous: ShallowRef<S | undefined> = shallowRef();
  const flashing = shallowRef<ReadonlySet<string>>(new Set());
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const unmark = (key: string) => {
    timers.delete(key);
    const next = new Set(flashing.value);
    next.delete(key);
    flashing.value = next;
  };

  watch(
    source,
    (next) => {
      const prev = previous.value;
      previous.value = next;
      if (prev === undefined || next === undefined || prev === next) return;
      const marked = new Set(flashing.value);
      let changed = 0;
      for (const key of changes(prev, next)) {
        changed++;
        marked.add(key);
        const old = timers.get(key);
        if (old !== undefined) clearTimeout(old);
        timers.set(key, setTimeout(() => unmark(key), durationMs));
      }
      if (changed > 0) flashing.value = marked;
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  return flashing;
}
