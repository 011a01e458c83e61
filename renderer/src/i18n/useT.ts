import type { TFunction } from 'i18next';
import { useSyncExternalStore } from 'react';
import { i18next } from './index.ts';

const subscribe = (onChange: () => void) => {
  i18next.on('languageChanged', onChange);
  return () => i18next.off('languageChanged', onChange);
};
const currentLanguage = () => i18next.language;
const fixedT = new Map<string, TFunction>();

/**
 * `t` and the language, for components rendered in bulk: queue rows and what is in them (tags, SLA
 * clocks, channel labels), timeline text. react-i18next's useTranslation copies every property of
 * the i18next instance into a wrapper for each component that mounts; a fast queue scroll mounts
 * dozens a frame, and that copying was its largest JavaScript cost. Same instance, same re-render on
 * a language change.
 */
export function useT(): { t: TFunction; language: string } {
  const language = useSyncExternalStore(subscribe, currentLanguage);
  let t = fixedT.get(language);
  if (!t) {
    t = i18next.getFixedT(language);
    fixedT.set(language, t);
  }
  return { t, language };
}
