import type { Role } from '@shared/domain/index.ts';

/**
 * The demo data's sign-ins. The scheme is deliberately guessable — every password is `demo-` plus
 * the user name — because these accounts exist only in a demo database and are printed on start.
 */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  /** Index into the demo teams (0 = 个护售后组, 1 = 美妆售后组, 2 = 服饰售后组). */
  team: number;
}

const account = (username: string, role: Role, displayName: string, team: number): DemoAccount => ({
  username,
  password: `demo-${username}`,
  role,
  displayName,
  team,
});

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account('admin', 'admin', '系统管理员', 0),
  account('lead1', 'lead', '陈组长', 0),
  account('lead2', 'lead', '林组长', 1),
  account('lead3', 'lead', '赵组长', 2),
  account('agent1', 'agent', '小王', 0),
  account('agent2', 'agent', '小李', 0),
  account('agent3', 'agent', '小张', 1),
  account('agent4', 'agent', '小刘', 1),
  account('agent5', 'agent', '小周', 2),
  account('agent6', 'agent', '小吴', 2),
];

export const DEMO_TEAMS = ['个护售后组', '美妆售后组', '服饰售后组'] as const;

/** The intake API key a demo server accepts (channel simulators and the e2e tests use it). */
export const DEMO_INTAKE_KEY = 'demo-intake-key';
