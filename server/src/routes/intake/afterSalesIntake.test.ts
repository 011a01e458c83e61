import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IntakeEventResponse,
  type LogisticsIntakeRequest,
  type SurveyResultIntakeRequest,
} from '@shared/api/http.ts';
import { newRmaNumber } from '@shared/domain/index.ts';
import { POKE_CHANNEL } from '../../sync/pokeHub.ts';
import {
  eventsOf,
  mutationClient,
  orderForTicket,
  ticketPool,
  type MutationClient,
} from '../../testing/mutationClient.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  bearer,
  countRows,
  login,
  startTestServer,
  TEST_INTAKE_KEY,
  type TestServer,
} from '../../testing/testServer.ts';

/** The carrier feed and the survey service: API key, validation, idempotency, where events land. */
describe.each(TEST_DRIVERS)('after-sales intake ($name)', (driver) => {
  let s: TestServer;
  let a1: MutationClient;
  let ticket: ReturnType<typeof ticketPool>;
  let pokes = 0;
  let unlisten: () => Promise<void>;

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 60 });
    a1 = mutationClient(s.app, await login(s.app, 'agent1'));
    ticket = ticketPool(s.db, a1.login.agent.teamId);
    unlisten = await s.db.listen(POKE_CHANNEL, () => pokes++);
  });
  afterAll(async () => {
    await unlisten();
    await s.close();
  });

  const post = (url: string, body: object, key: string | null = TEST_INTAKE_KEY) =>
    s.app.inject({
      method: 'POST',
      url,
      headers: key === null ? {} : { 'x-api-key': key },
      payload: body,
    });
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  /** A ticket of agent1 with a return opened under a fresh RMA number. */
  async function ticketWithReturn(): Promise<{ ticketId: string; rmaNo: string }> {
    const ticketId = await ticket({ assigneeId: a1.login.agent.id, status: 'open' });
    const rmaNo = newRmaNumber(new Date());
    const result = await a1.send('createReturn', {
      ticketId,
      eventId: randomUUID(),
      rmaNo,
      returnKind: 'return',
      orderId: await orderForTicket(s.db, ticketId, 9_900),
      reason: '不合适',
      carrier: null,
      trackingNo: null,
    });
    expect(result.status).toBe('applied');
    return { ticketId, rmaNo };
  }

  describe('POST /api/intake/logistics', () => {
    const update = (
      rmaNo: string,
      overrides: Partial<LogisticsIntakeRequest> = {},
    ): LogisticsIntakeRequest => ({
      externalId: randomUUID(),
      rmaNo,
      status: 'in_transit',
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
      ...overrides,
    });

    it('records a system-authored logistics update on the ticket of the RMA, once, and pokes', async () => {
      const { ticketId, rmaNo } = await ticketWithReturn();
      const pokesBefore = pokes;
      const version = Number(
        (await s.db.query<{ v: number }>('select version as v from tickets where id = $1', [ticketId]))
          .rows[0]!.v,
      );
      const body = update(rmaNo);
      const res = await post('/api/intake/logistics', body);
      expect(res.statusCode).toBe(201);
      const created = IntakeEventResponse.parse(res.json());
      expect(created).toMatchObject({ ticketId, created: true });
      expect(await eventsOf(s.db, ticketId, 'logistics_update')).toMatchObject([
        {
          id: created.eventId,
          author_type: 'system',
          author_id: null,
          payload: {
            rmaNo,
            status: 'in_transit',
            carrier: '顺丰速运',
            trackingNo: 'SF1234567890',
            note: null,
          },
        },
      ]);
      const after = (
        await s.db.query<{ v: number }>('select version as v from tickets where id = $1', [ticketId])
      ).rows[0]!;
      expect(Number(after.v)).toBeGreaterThan(version);
      expect(await waitFor(() => pokes > pokesBefore)).toBe(true);

      // The feed retries the same delivery: the same event, nothing new.
      const again = await post('/api/intake/logistics', body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ ...created, created: false });
      expect(await eventsOf(s.db, ticketId, 'logistics_update')).toHaveLength(1);
    });

    it('answers 404 for an RMA number no ticket has', async () => {
      const events = await countRows(s.db, 'ticket_events');
      const res = await post('/api/intake/logistics', update(newRmaNumber(new Date())));
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('rma_not_found');
      expect(await countRows(s.db, 'ticket_events')).toBe(events);
    });

    it('validates the body and requires the API key', async () => {
      const { rmaNo } = await ticketWithReturn();
      const bad = await post('/api/intake/logistics', {
        ...update(rmaNo),
        status: 'lost_at_sea',
        trackingNo: '单号',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'invalid_input' });
      expect(
        bad
          .json()
          .details.map((d: { path: string }) => d.path)
          .sort(),
      ).toEqual(['status', 'trackingNo']);
      expect((await post('/api/intake/logistics', { ...update(rmaNo), rmaNo: 'RMA-1' })).statusCode).toBe(
        400,
      );
      // Optional fields may be left out.
      const minimal = await post('/api/intake/logistics', {
        externalId: randomUUID(),
        rmaNo,
        status: 'received',
      });
      expect(minimal.statusCode).toBe(201);
      expect((await post('/api/intake/logistics', update(rmaNo), null)).statusCode).toBe(401);
      expect((await post('/api/intake/logistics', update(rmaNo), 'guess')).json().code).toBe(
        'invalid_api_key',
      );
    });
    it('lets a customer whose return had carrier updates be erased, delivery records included', async () => {
      const { ticketId, rmaNo } = await ticketWithReturn();
      const body = update(rmaNo);
      expect((await post('/api/intake/logistics', body)).statusCode).toBe(201);
      const { rows } = await s.db.query<{ customer_id: string }>(
        'select customer_id from tickets where id = $1',
        [ticketId],
      );
      const admin = await login(s.app, 'admin');
      const erased = await s.app.inject({
        method: 'DELETE',
        url: `/api/privacy/customers/${rows[0]!.customer_id}`,
        headers: bearer(admin.accessToken),
        payload: { reason: '客户要求删除个人信息' },
      });
      expect(erased.statusCode).toBe(200);
      const { rows: left } = await s.db.query('select 1 from intake_events where external_id = $1', [
        body.externalId,
      ]);
      expect(left).toEqual([]);
      // The feed retrying now finds no ticket for the RMA.
      expect((await post('/api/intake/logistics', body)).statusCode).toBe(404);
    });
  });

  describe('POST /api/intake/survey-results', () => {
    const answer = (ticketNumber: string, score = 5): SurveyResultIntakeRequest => ({
      externalId: randomUUID(),
      ticketNumber,
      score,
      comment: '处理很及时',
    });
    const numberOf = async (ticketId: string) =>
      (await s.db.query<{ number: string }>('select number from tickets where id = $1', [ticketId])).rows[0]!
        .number;

    it('takes the answer only after a survey was sent, once, as a customer event', async () => {
      const ticketId = await ticket({ assigneeId: a1.login.agent.id, status: 'resolved' });
      const number = await numberOf(ticketId);
      const early = await post('/api/intake/survey-results', answer(number));
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('survey_not_requested');

      expect((await a1.send('requestSurvey', { ticketId, eventId: randomUUID() })).status).toBe('applied');
      const body = answer(number, 4);
      const res = await post('/api/intake/survey-results', body);
      expect(res.statusCode).toBe(201);
      const created = IntakeEventResponse.parse(res.json());
      expect(await eventsOf(s.db, ticketId, 'survey_result')).toMatchObject([
        {
          id: created.eventId,
          author_type: 'customer',
          author_id: null,
          payload: { score: 4, comment: '处理很及时' },
        },
      ]);
      const again = await post('/api/intake/survey-results', body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ ...created, created: false });
      // A different delivery for an answered survey is refused.
      const second = await post('/api/intake/survey-results', answer(number, 1));
      expect(second.statusCode).toBe(409);
      expect(second.json().code).toBe('survey_already_answered');
      expect(await eventsOf(s.db, ticketId, 'survey_result')).toHaveLength(1);
    });

    it('answers 404 for an unknown ticket number and 400 for a score outside 1–5', async () => {
      const unknown = await post('/api/intake/survey-results', answer('CD-999999'));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('ticket_not_found');
      for (const score of [0, 6, 3.5]) {
        const res = await post('/api/intake/survey-results', { ...answer('CD-000001'), score });
        expect(res.statusCode).toBe(400);
        expect(res.json().details[0].path).toBe('score');
      }
      expect((await post('/api/intake/survey-results', answer('CD-000001'), null)).statusCode).toBe(401);
    });
  });
});
