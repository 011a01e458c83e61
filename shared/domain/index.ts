export * from './common.ts';
export * from './agent.ts';
export * from './customer.ts';
export * from './order.ts';
export * from './ticket.ts';
export * from './afterSales.ts';
export * from './event.ts';
export * from './knowledge.ts';
