import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import { mutationEventId } from '@shared/sync/mutations.ts';
import { seedServerTicket } from '../../../test/fakeApi.ts';
import { agentAlice, makeMessage, uid } from '../../../test/fixtures.ts';
import { cacheEvents } from '../../../test/timelines.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { CareDeskDb } from '../../db/CareDeskDb.ts';
import { readTimeline } from '../../db/ticketTimeline.ts';
import type { CachedEvent } from '../../db/types.ts';
import { useAppStore } from '../../store/index.ts';
import { createLocalEchoes } from '../case/localEchoes.ts';
import { createSyncEngine } from '../../sync/createSyncEngine.ts';
import { Composer, type ComposerProps } from './Composer.tsx';
import { ComposerInsertProvider, useComposerInsert } from './composerInsert.tsx';

let ws: TestWorkspace;
let ticket: Ticket;
const BOB = { id: uid(), displayName: '王强', role: 'agent' as const, teamId: agentAlice.teamId };

beforeEach(async () => {
  ws = createTestWorkspace();
  ticket = seedServerTicket(ws.api.server, { number: 'CD-000321', subject: '口红断了' });
  ws.api.server.put({
    op: 'put',
    entity: 'agent',
    value: BOB,
  });
  await ws.engine.pullNow();
  // The server never answers pushes: what was sent stays in the outbox to be looked at.
  ws.api.server.holdPushes = new Promise(() => undefined);
});
afterEach(async () => {
  await closeTestWorkspace(ws);
});

function PhraseButton({ text }: { text: string }) {
  const { insert } = useComposerInsert();
  return <Button onClick={() => insert(text)}>插入话术</Button>;
}

function renderComposer(props: Partial<ComposerProps> = {}) {
  const view = renderWithWorkspace(
    <ComposerInsertProvider>
      <Composer ticketId={ticket.id} status="open" {...props} />
      <PhraseButton text="请您放心，" />
    </ComposerInsertProvider>,
    ws,
  );
  act(() => useAppStore.setState({ agent: agentAlice }));
  return view;
}

/** antd hides the radio input itself (pointer-events: none): agents click its label. */
async function chooseMode(user: ReturnType<typeof userEvent.setup>, name: '回复客户' | '内部备注') {
  await user.click(screen.getByRole('radio', { name }).closest('label')!);
}

const outboxArgs = async () => (await ws.db.outbox.toArray()).map((m) => ({ name: m.name, args: m.args }));

describe('composer', () => {
  it('sends an internal note or a public reply, as the toggle says', async () => {
    const user = userEvent.setup();
    renderComposer();
    const modes = screen.getByRole('radiogroup', { name: '发送方式' });
    expect(within(modes).getByRole('radio', { name: '回复客户' })).toBeChecked();

    await chooseMode(user, '内部备注');
    const noteBox = screen.getByRole('textbox', { name: '备注内容' });
    expect(screen.getByText('内部备注仅坐席可见，不会发给客户')).toBeInTheDocument();
    await user.type(noteBox, '客户是老会员，优先处理');
    await user.click(screen.getByRole('button', { name: '添加备注' }));
    await waitFor(async () =>
      expect(await outboxArgs()).toEqual([
        {
          name: 'addNote',
          args: expect.objectContaining({ ticketId: ticket.id, body: '客户是老会员，优先处理' }),
        },
      ]),
    );
    // The mode stays as chosen; the box is empty again.
    await waitFor(() => expect(screen.getByRole('textbox', { name: '备注内容' })).toHaveValue(''));

    await chooseMode(user, '回复客户');
    await user.type(
      screen.getByRole('textbox', { name: '回复内容' }),
      '已为您补发{Control>}{Enter}{/Control}',
    );
    await waitFor(async () =>
      expect((await outboxArgs()).map((m) => m.name)).toEqual(['addNote', 'replyToTicket']),
    );
    expect((await outboxArgs())[1]!.args).toMatchObject({ body: '已为您补发' });
    expect((await outboxArgs())[1]!.args).not.toHaveProperty('attachments');
  });

  it('sends once however fast Send is pressed again while the first send is under way', async () => {
    const user = userEvent.setup();
    renderComposer();
    await user.type(screen.getByRole('textbox', { name: '回复内容' }), '已为您补发');
    const send = screen.getByRole('button', { name: '发送' });
    // Three presses in one task: the stale-reply guard's read has not answered for the first yet.
    act(() => {
      send.click();
      send.click();
      send.click();
    });
    await waitFor(async () => expect(await outboxArgs()).toHaveLength(1));
    await waitFor(() => expect(screen.getByRole('textbox', { name: '回复内容' })).toHaveValue(''));
    expect(await outboxArgs()).toHaveLength(1);
  });

  it('keeps a draft across remounts and deletes it once sent', async () => {
    const user = userEvent.setup();
    const first = renderComposer();
    await chooseMode(user, '内部备注');
    await user.type(screen.getByRole('textbox', { name: '备注内容' }), '等仓库回复');
    await waitFor(async () =>
      expect(await ws.db.drafts.get(ticket.id)).toMatchObject({ mode: 'note', body: '等仓库回复' }),
    );
    expect(screen.getByText('草稿已保存')).toBeInTheDocument();
    first.unmount();

    renderComposer();
    expect(await screen.findByRole('textbox', { name: '备注内容' })).toHaveValue('等仓库回复');
    await user.click(screen.getByRole('button', { name: '添加备注' }));
    await waitFor(async () => expect(await ws.db.drafts.get(ticket.id)).toBeUndefined());
    expect(await ws.db.outbox.count()).toBe(1);
  });

  it('restores the draft after a reload (a new connection to the same database)', async () => {
    const user = userEvent.setup();
    const first = renderComposer();
    await user.type(screen.getByRole('textbox', { name: '回复内容' }), '稍后回复您');
    await waitFor(async () => expect((await ws.db.drafts.get(ticket.id))?.body).toBe('稍后回复您'));
    first.unmount();
    ws.engine.stop();
    ws.db.close();

    const db = new CareDeskDb(ws.db.name);
    ws = { ...ws, db, engine: createSyncEngine({ api: ws.api, db, agentId: agentAlice.id }) };
    renderComposer();
    await waitFor(() => expect(screen.getByRole('textbox', { name: '回复内容' })).toHaveValue('稍后回复您'));
  });

  it('saves a pending edit when the case closes before the debounce ran', async () => {
    const user = userEvent.setup();
    const view = renderComposer();
    await user.type(screen.getByRole('textbox', { name: '回复内容' }), '马上');
    view.unmount();
    await waitFor(async () => expect((await ws.db.drafts.get(ticket.id))?.body).toBe('马上'));
  });

  it('lists attachments by name and size, removes them, and sends their names only', async () => {
    const user = userEvent.setup();
    renderComposer();
    const photo = new File([new Uint8Array(2048)], '破损照片.jpg', { type: 'image/jpeg' });
    const receipt = new File(['x'.repeat(300)], '小票.png', { type: 'image/png' });
    const big = { name: '视频.mp4', size: 60 * 1024 * 1024 };
    const bigFile = new File(['v'], big.name);
    Object.defineProperty(bigFile, 'size', { value: big.size });
    await user.upload(screen.getByLabelText('选择附件文件'), [photo, receipt, bigFile]);

    const list = screen.getByRole('list', { name: '附件' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual(['破损照片.jpg2.0 KB', '小票.png300 B']);
    expect(await screen.findByText('“视频.mp4”超过 50 MB，未添加')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '移除附件 小票.png' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);

    await user.type(screen.getByRole('textbox', { name: '回复内容' }), '收到照片');
    await user.click(screen.getByRole('button', { name: '发送' }));
    await waitFor(async () =>
      expect((await outboxArgs())[0]?.args).toMatchObject({
        body: '收到照片',
        attachments: [{ name: '破损照片.jpg', sizeBytes: 2048 }],
      }),
    );
    await waitFor(() => expect(screen.queryByRole('list', { name: '附件' })).not.toBeInTheDocument());
  });

  it('blocks replies with the reason shown when read-only, but leaves internal notes open', async () => {
    await ws.db.drafts.put({
      ticketId: ticket.id,
      mode: 'reply',
      body: '草稿',
      attachments: [],
      updatedAt: 1,
    });
    renderComposer({ readOnlyReason: '工单由王强负责，请先接管' });
    const box = screen.getByRole('textbox', { name: '回复内容' });
    await waitFor(() => expect(box).toHaveValue('草稿'));
    expect(box).toBeDisabled();
    const send = screen.getByRole('button', { name: '发送' });
    expect(send).toBeDisabled();
    expect(send).toHaveAccessibleDescription('工单由王强负责，请先接管');
    expect(screen.getByText('工单由王强负责，请先接管')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '添加附件' })).toBeDisabled();

    // A colleague may still leave a note on someone else's ticket.
    await chooseMode(userEvent.setup(), '内部备注');
    const noteBox = screen.getByRole('textbox', { name: '备注内容' });
    expect(noteBox).toBeEnabled();
    expect(screen.queryByText('工单由王强负责，请先接管')).not.toBeInTheDocument();
  });

  it('reports typing to presence, throttled', async () => {
    const user = userEvent.setup();
    const onTyping = vi.fn();
    renderComposer({ onTyping });
    await user.type(screen.getByRole('textbox', { name: '回复内容' }), '您好请问');
    expect(onTyping).toHaveBeenCalledTimes(1);
  });
});

describe('stale-reply guard', () => {
  async function customerWritesAgain(body: string) {
    ws.api.server.put({
      op: 'put',
      entity: 'event',
      value: makeMessage(ticket.id, { body, createdAt: Date.now() }),
    });
    await act(() => ws.engine.pullNow());
  }

  describe('with the case view (its shown events and echoes)', () => {
    const cachedEvents = () => readTimeline(ws.db, ticket.id);

    async function setup() {
      // The timeline's list, as the case view passes it: filled in as the test's timeline would draw.
      const shown: CachedEvent[] = await cachedEvents();
      const echoes = createLocalEchoes({ id: ticket.id, channel: ticket.channel });
      const show = vi.spyOn(echoes, 'show');
      const user = userEvent.setup();
      renderComposer({ echoes, shownEvents: shown });
      // The composer has read what the case held when it opened.
      await waitFor(() => expect(screen.getByRole('textbox', { name: '回复内容' })).toBeEnabled());
      await user.type(screen.getByRole('textbox', { name: '回复内容' }), '已为您安排退货');
      return { shown, echoes, show, user };
    }

    it('draws the reply at once when the case shows nothing new, then sends it', async () => {
      const { show, echoes, user } = await setup();
      await user.click(screen.getByRole('button', { name: '发送' }));
      await waitFor(async () => expect(await outboxArgs()).toHaveLength(1));
      expect(show).toHaveBeenCalledTimes(1);
      expect(echoes.current().map((e) => e.id)).toEqual([
        mutationEventId((await ws.db.outbox.toArray())[0]!),
      ]);
    });

    it('holds the reply, drawing nothing, when the case already shows a new customer message', async () => {
      const { shown, show, user } = await setup();
      await customerWritesAgain('不用退了，我想换货');
      shown.splice(0, shown.length, ...(await cachedEvents()));
      await user.click(screen.getByRole('button', { name: '发送' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('打开工单后有新动态，发送前请先查看');
      expect(show).not.toHaveBeenCalled();
      expect(await outboxArgs()).toEqual([]);
    });

    it('takes the echo back when the cache has a change the case has not drawn yet', async () => {
      const { echoes, show, user } = await setup();
      await customerWritesAgain('不用退了，我想换货'); // stored, not yet in `shown`
      await user.click(screen.getByRole('button', { name: '发送' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('打开工单后有新动态，发送前请先查看');
      expect(show).toHaveBeenCalledTimes(1);
      expect(echoes.current()).toEqual([]);
      expect(await outboxArgs()).toEqual([]);
      expect(screen.getByRole('textbox', { name: '回复内容' })).toHaveValue('已为您安排退货');
    });
  });

  it('holds a reply when the customer wrote since the case opened, then sends it anyway', async () => {
    const user = userEvent.setup();
    renderComposer();
    const box = screen.getByRole('textbox', { name: '回复内容' });
    await user.type(box, '已为您安排退货');
    await customerWritesAgain('不用退了，我想换货');

    await user.click(screen.getByRole('button', { name: '发送' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('打开工单后有新动态，发送前请先查看');
    const changes = within(alert).getAllByRole('listitem');
    expect(changes).toHaveLength(1);
    expect(changes[0]!.textContent).toMatch(/^客户 · 客户来信 · \d\d:\d\d$/);
    expect(await ws.db.outbox.count()).toBe(0);
    expect(box).toHaveValue('已为您安排退货');

    await user.click(within(alert).getByRole('button', { name: '仍然发送' }));
    await waitFor(async () => expect((await outboxArgs()).map((m) => m.name)).toEqual(['replyToTicket']));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('lets the agent review first; what was shown no longer holds the reply', async () => {
    const user = userEvent.setup();
    renderComposer();
    const note: CachedEvent = {
      id: uid(),
      ticketId: ticket.id,
      kind: 'note',
      body: '我来跟进物流',
      authorType: 'agent',
      authorId: BOB.id,
      createdAt: Date.now(),
    };
    await cacheEvents(ws.db, [note]);
    await user.type(screen.getByRole('textbox', { name: '回复内容' }), '物流已催');
    await user.click(screen.getByRole('button', { name: '发送' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('listitem')).toHaveTextContent(/^王强 · 内部备注 · /);

    await user.click(within(alert).getByRole('button', { name: '返回查看' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '回复内容' })).toHaveFocus();
    expect(await ws.db.outbox.count()).toBe(0);

    await user.click(screen.getByRole('button', { name: '发送' }));
    await waitFor(async () => expect(await ws.db.outbox.count()).toBe(1));
  });

  it('ignores the agent’s own entries and notes are never held', async () => {
    const user = userEvent.setup();
    renderComposer();
    await chooseMode(user, '内部备注');
    await customerWritesAgain('在吗');
    // A note does not mislead the customer: it goes through even with unseen changes.
    await user.type(screen.getByRole('textbox', { name: '备注内容' }), '客户在催');
    await user.click(screen.getByRole('button', { name: '添加备注' }));
    await waitFor(async () => expect(await ws.db.outbox.count()).toBe(1));
    // Sending counts as having seen the timeline; my own note does not hold the reply either.
    await waitFor(() => expect(screen.getByRole('radio', { name: '回复客户' })).toBeEnabled());
    await chooseMode(user, '回复客户');
    await user.type(await screen.findByRole('textbox', { name: '回复内容' }), '在的');
    await user.click(screen.getByRole('button', { name: '发送' }));
    await waitFor(async () => expect(await ws.db.outbox.count()).toBe(2));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('useComposerInsert', () => {
  it('inserts text at the caret, replacing the selection', async () => {
    const user = userEvent.setup();
    renderComposer();
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: '回复内容' });
    await user.type(box, '您好，我们会尽快处理');
    box.setSelectionRange(3, 3);
    await user.click(screen.getByRole('button', { name: '插入话术' }));
    expect(box).toHaveValue('您好，请您放心，我们会尽快处理');
    expect(box).toHaveFocus();
    expect(box.selectionStart).toBe(8);

    box.setSelectionRange(3, 8);
    await user.click(screen.getByRole('button', { name: '插入话术' }));
    expect(box).toHaveValue('您好，请您放心，我们会尽快处理');
  });

  it('does nothing on a read-only composer', async () => {
    const user = userEvent.setup();
    renderComposer({ readOnlyReason: '只读' });
    await user.click(screen.getByRole('button', { name: '插入话术' }));
    expect(screen.getByRole('textbox', { name: '回复内容' })).toHaveValue('');
  });
});
