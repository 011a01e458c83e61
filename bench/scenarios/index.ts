import type { Scenario } from '../harness/types.ts';
import { bootstrap100k, bootstrap10k } from './bootstrap.ts';
import { caseOpen200Events } from './caseOpen.ts';
import { intakeThroughput } from './intakeThroughput.ts';
import { localMutationFrame } from './localMutationFrame.ts';
import { privacyPhoneLookup } from './privacyPhoneLookup.ts';
import { privacyReveal } from './privacyReveal.ts';
import { privacySealBootstrap } from './privacySealBootstrap.ts';
import { pullOneChange } from './pullOneChange.ts';
import { pushConcurrency } from './pushConcurrency.ts';
import { queueFilterSort100k } from './queueFilterSort.ts';
import { queueScroll100k } from './queueScroll.ts';
import { rendererHeap100k } from './rendererHeap.ts';

/** Every scenario, in the order a full run takes them. */
export const SCENARIOS: readonly Scenario[] = [
  pullOneChange,
  intakeThroughput,
  pushConcurrency,
  bootstrap10k,
  bootstrap100k,
  localMutationFrame,
  privacySealBootstrap,
  privacyReveal,
  privacyPhoneLookup,
  queueFilterSort100k,
  caseOpen200Events,
  rendererHeap100k,
  queueScroll100k,
];
