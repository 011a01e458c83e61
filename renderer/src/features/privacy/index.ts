export { RevealableField, type RevealableFieldProps } from './RevealableField.tsx';
export { MaskedText, type MaskedTextProps } from './MaskedText.tsx';
export { maskFreeText } from './maskFreeText.ts';
export { RevealAuditProvider, type RevealAuditSink } from './revealAudit.tsx';
export { findCustomersByPhone } from './findCustomerByPhone.ts';
export { isCareDeskDatabase, wipeDevice, wipeLocalData } from './wipeLocalData.ts';
export { privacyErrorMessage } from './privacyErrorMessage.ts';
export { useDeviceWipedHandler } from './useDeviceWipedHandler.ts';
