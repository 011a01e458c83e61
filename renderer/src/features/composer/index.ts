export { Composer, type ComposerProps } from './Composer.tsx';
export { ComposerInsertProvider, useComposerInsert } from './composerInsert.tsx';
