import type { StateCreator } from 'zustand';

/** Whether the keyboard-shortcut help dialog is open (`?`). */
export interface ShortcutsSlice {
  shortcutsOpen: boolean;
  setShortcutsOpen(open: boolean): void;
}

export const INITIAL_SHORTCUTS_STATE = { shortcutsOpen: false };

export const createShortcutsSlice: StateCreator<ShortcutsSlice, [], [], ShortcutsSlice> = (set) => ({
  ...INITIAL_SHORTCUTS_STATE,
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
});
