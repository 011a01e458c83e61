export * from './businessTime.ts';
export * from './calendar.ts';
export * from './computeSlaDeadlines.ts';
export * from './policies.ts';
export * from './slaEvents.ts';
