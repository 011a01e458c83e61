export { CareDeskDb, DEFAULT_DB_NAME, SCHEMA_VERSIONS, dbNameForAgent } from './CareDeskDb.ts';
export { deriveTicket, NO_DEADLINE, INACTIVE_RANK_OFFSET, ACTIVE_QUEUE_RANGE } from './derive.ts';
export type * from './types.ts';
