import type { Scenario } from '../harness/types.ts';
import { bootstrap100k, bootstrap10k } from './bootstrap.ts';
import { intakeThroughput } from './intakeThroughput.ts';
import { localMutationFrame } from './localMutationFrame.ts';
import { privacyPhoneLookup } from './privacyPhoneLookup.ts';
import { privacyReveal } from './privacyReveal.ts';
import { privacySealBootstrap } from './privacySealBootstrap.ts';
import { pullOneChange } from './pullOneChange.ts';
import { pushConcurrency } from './pushConcurrency.ts';

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
];
