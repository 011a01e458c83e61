import type { CaseData } from '../../case/readCase.ts';
import type { ActionData } from '../useActionData.ts';

/** Every action form gets the open case and the action data; it closes itself through onClose. */
export interface ActionFormProps {
  data: CaseData;
  extra: ActionData;
  onClose(): void;
}
