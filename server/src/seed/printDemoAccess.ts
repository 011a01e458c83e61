import { DEMO_ACCOUNTS, DEMO_INTAKE_KEY } from './demoAccounts.ts';

/** The lines a demo operator needs: who can sign in with what, and the intake key. */
export function demoAccessLines(): string[] {
  return [
    'Demo accounts (password = "demo-" + user name):',
    ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(8)} ${a.password.padEnd(14)} ${a.role}`),
    `Intake API key: ${DEMO_INTAKE_KEY}`,
  ];
}
