// The widths of a lab's outer columns (step guide, panels), chosen by dragging
// the splitters, remembered per lab in localStorage: a lab with wide mount
// tables keeps a wide panel column, a reading-heavy one a wide guide.
import { ref, watch, type Ref } from 'vue';

export interface ColumnWidths {
  guide: number;
  panels: number;
}

/** What each column keeps, so nothing clips and the terminal stays usable. */
export const MIN_WIDTHS = { guide: 240, terminals: 320, panels: 300 } as const;
/** the two splitters' own width, px */
export const SPLITTER_WIDTH = 6;

const storageKey = (labId: string) => `nslab.layout.${labId}`;

/** The widths the app opens with: the guide ~28 %, the panels ~34 % of the window. */
export function defaultWidths(windowWidth: number): ColumnWidths {
  return { guide: Math.max(300, Math.round(windowWidth * 0.28)), panels: Math.max(340, Math.round(windowWidth * 0.34)) };
}

/**
 * Widths that fit `windowWidth`: each outer column at least its minimum, the
 * terminals' column at least its own; the panels give way first, then the guide.
 */
export function fitWidths(widths: ColumnWidths, windowWidth: number): ColumnWidths {
  const room = windowWidth - 2 * SPLITTER_WIDTH - MIN_WIDTHS.terminals;
  const guide = Math.max(MIN_WIDTHS.guide, Math.min(widths.guide, room - MIN_WIDTHS.panels));
  const panels = Math.max(MIN_WIDTHS.panels, Math.min(widths.panels, room - guide));
  return { guide: Math.round(guide), panels: Math.round(panels) };
}

function parseWidths(text: string | null): ColumnWidths | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Record<keyof ColumnWidths, unknown>>;
    if (typeof value.guide === 'number' && typeof value.panels === 'number' && Number.isFinite(value.guide + value.panels)) {
      return { guide: value.guide, panels: value.panels };
    }
  } catch {
    // a damaged entry is as good as none: the defaults apply
  }
  return undefined;
}

/** The lab's column widths, loaded from and saved to localStorage. */
export function useColumnLayout(labId: string): Ref<ColumnWidths> {
  const widths = ref<ColumnWidths>(fitWidths(parseWidths(localStorage.getItem(storageKey(labId))) ?? defaultWidths(window.innerWidth), window.innerWidth));
  watch(widths, (value) => localStorage.setItem(storageKey(labId), JSON.stringify(value)), { deep: true });
  return widths;
}
