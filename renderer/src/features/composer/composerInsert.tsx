import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';

/**
 * How other features put text into the open composer at the caret (the phrasebook's "insert"): the
 * composer registers its inserter here; `useComposerInsert().insert(text)` reaches the newest one.
 */
export type Inserter = (text: string) => boolean;

interface InsertRegistry {
  register(inserter: Inserter): () => void;
  insert(text: string): boolean;
}

const ComposerInsertContext = createContext<InsertRegistry | null>(null);

export function ComposerInsertProvider({ children }: { children: ReactNode }) {
  const stack = useRef<Inserter[]>([]);
  const registry = useMemo<InsertRegistry>(
    () => ({
      register(inserter) {
        stack.current.push(inserter);
        return () => {
          stack.current = stack.current.filter((i) => i !== inserter);
        };
      },
      insert(text) {
        const top = stack.current[stack.current.length - 1];
        return top ? top(text) : false;
      },
    }),
    [],
  );
  return <ComposerInsertContext value={registry}>{children}</ComposerInsertContext>;
}

/**
 * `insert(text)` puts text at the open composer's caret (replacing a selection) and focuses it.
 * Returns false when no composer can take it (none open, or it is read-only).
 */
export function useComposerInsert(): { insert(text: string): boolean } {
  const registry = useContext(ComposerInsertContext);
  return useMemo(() => ({ insert: (text: string) => registry?.insert(text) ?? false }), [registry]);
}

/** Used by the composer: makes `inserter` the target of useComposerInsert while mounted. */
export function useRegisterComposerInsert(inserter: Inserter): void {
  const registry = useContext(ComposerInsertContext);
  useEffect(() => registry?.register(inserter), [registry, inserter]);
}
