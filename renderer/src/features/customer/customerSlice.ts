import type { StateCreator } from 'zustand';

/** Whether the customer 360 panel (right of the case) is folded away. */
export interface CustomerSlice {
  customerPanelCollapsed: boolean;
  setCustomerPanelCollapsed(collapsed: boolean): void;
}

export const INITIAL_CUSTOMER_STATE = { customerPanelCollapsed: false };

export const createCustomerSlice: StateCreator<CustomerSlice, [], [], CustomerSlice> = (set) => ({
  ...INITIAL_CUSTOMER_STATE,
  setCustomerPanelCollapsed: (customerPanelCollapsed) => set({ customerPanelCollapsed }),
});
