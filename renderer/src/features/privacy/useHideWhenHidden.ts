import { useEffect } from 'react';

/** While something revealed is on screen, switching away (or locking the screen) hides it at once. */
export function useHideWhenHidden(showing: boolean, hide: () => void): void {
  useEffect(() => {
    if (!showing) return;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') hide();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [showing, hide]);
}
