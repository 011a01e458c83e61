import { MUTATION_ARGS, type MutationArgs, type MutationName } from '@shared/sync/mutations.ts';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { refusalText } from './actionError.ts';

/** Runs one mutation; resolves to null when it was queued, else the message to show (nothing queued). */
export type RunAction = <N extends MutationName>(
  name: N,
  args: MutationArgs<N>,
  options?: { quiet?: boolean },
) => Promise<string | null>;

/**
 * The one way the action forms change anything: arguments are parsed with the mutation's own zod
 * schema first (the same one the engine and the server apply), then the engine applies the change
 * optimistically and queues it. A refusal (the cache already knows the server would say no) comes
 * back as text for the form to show.
 */
export function useActionRunner(): RunAction {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { engine } = useWorkspace();
  return useCallback(
    async (name, args, options) => {
      const action = t(actionNameKey(name));
      if (!MUTATION_ARGS[name].safeParse(args).success) return t('actions.invalid');
      try {
        await engine.mutate(name, args);
      } catch (err) {
        return t('actions.failed', { action, reason: refusalText(t, err, i18n.language) });
      }
      if (!options?.quiet) void message.success(t('actions.saved', { action }));
      return null;
    },
    [engine, i18n.language, message, t],
  ) as RunAction;
}

const NAMES = {
  takeOverTicket: true,
  classifyTicket: true,
  issueRefund: true,
  createReturn: true,
  updateLogistics: true,
  requestRepair: true,
  grantCompensation: true,
  referMedical: true,
  escalateComplaint: true,
  scheduleCallback: true,
  completeCallback: true,
  callbacks: true,
  requestSurvey: true,
  forwardToProduct: true,
  logCall: true,
  setStatus: true,
  setAgentState: true,
} as const;
type ActionName = keyof typeof NAMES;

/** The label of a mutation name, for messages and the rejected list. */
export function actionNameKey(name: string): `actions.names.${ActionName | 'other'}` {
  return `actions.names.${name in NAMES ? (name as ActionName) : 'other'}`;
}
