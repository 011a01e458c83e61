import { ApiCallError } from '@shared/api/errors.ts';
import { expect } from 'vitest';
import type { Agent, Customer } from '@shared/domain/index.ts';
import type { LoginResponse } from '@shared/api/http.ts';

export const TEAM_ID = '7d1f1c3e-2b9a-4c55-9a51-0e5b7f7b2a10';

export const agentLi: Agent = {
  id: '3b0c2a4e-8d0f-4b8e-9a43-2a6f0c1d9e01',
  username: 'li.na',
  displayName: '李娜',
  role: 'agent',
  teamId: TEAM_ID,
  state: 'available',
  stateSince: 0,
};

export const agentWang: Agent = {
  id: '5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e02',
  username: 'wang.lei',
  displayName: '王磊',
  role: 'lead',
  teamId: TEAM_ID,
  state: 'available',
  stateSince: 0,
};

/** A customer with every privacy field filled, each value distinctive enough to grep for. */
export const customer: Customer = {
  id: '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b',
  name: '王小明',
  phone: '13812345678',
  email: 'xiaoming.wang@example.com',
  address: '广东省深圳市南山区科技园科苑路15号',
  idNumber: '440301199001011234',
  healthNotes: '对含酒精成分过敏，曾出现皮疹',
  loyaltyTier: 'gold',
  flags: ['allergy_history'],
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
};

export function loginResponse(agent: Agent, n = 1): LoginResponse {
  return {
    accessToken: `access-${agent.username}-${n}`,
    accessExpiresAt: Date.now() + 15 * 60_000,
    refreshToken: `refresh-${agent.username}-${n}`,
    agent,
  };
}

/** The ApiCallError a contract call rejected with (fails the test if it resolved or threw anything else). */
export async function rejection(promise: Promise<unknown>): Promise<ApiCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiCallError);
  return err as ApiCallError;
}
