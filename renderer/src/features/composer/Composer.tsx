import { PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import type { TicketStatus } from '@shared/domain/index.ts';
import { Alert, App, Button, Flex, Input, Radio, Tooltip, Typography, type GetRef } from 'antd';
import {
  useCallback,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ChangeEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails } from '../../api/apiError.ts';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import type { CachedEvent } from '../../db/types.ts';
import type { LocalEchoes } from '../case/localEchoes.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { addAttachments, MAX_ATTACHMENT_MB, MAX_ATTACHMENTS } from './attachments.ts';
import { useRegisterComposerInsert } from './composerInsert.tsx';
import { EMPTY_DRAFT, isEmptyDraft } from './drafts.ts';
import { replyErrorKey } from './replyErrorKey.ts';
import { StaleChangesNotice } from './StaleChangesNotice.tsx';
import { describeChanges, type StaleChange } from './staleGuard.ts';
import { useComposerDraft } from './useComposerDraft.ts';
import { useStaleGuard } from './useStaleGuard.ts';
import './composer.css';

/** Presence hears "typing" at most this often. */
export const TYPING_THROTTLE_MS = 2_000;

export interface ComposerProps {
  ticketId: string;
  status: TicketStatus;
  /** Why the agent cannot write here (e.g. a colleague owns the ticket); disables the whole composer. */
  readOnlyReason?: string | null;
  /** Called while the agent types, at most every TYPING_THROTTLE_MS (presence). */
  onTyping?: () => void;
  /** Where a sent entry is drawn at once, before the cache has it (the case's timeline). */
  echoes?: LocalEchoes;
  /** The events the case shows: the stale-reply guard checks them first, without a read. */
  shownEvents?: readonly CachedEvent[];
}

function interpolation(err: unknown): Record<string, unknown> {
  const details = errorDetails(err);
  return details && typeof details === 'object' ? (details as Record<string, unknown>) : {};
}

/**
 * The reply box: a public reply or an internal note, with attachments (by name), a draft kept per
 * ticket, and the stale-reply guard. Send (or Ctrl/Cmd+Enter) writes through the sync engine, so
 * the entry shows at once.
 */
export function Composer({
  ticketId,
  status,
  readOnlyReason = null,
  onTyping,
  echoes,
  shownEvents,
}: ComposerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { db, engine } = useWorkspace();
  const agentId = useAppStore((s) => s.agent?.id ?? null);
  const inputId = useId();
  const readOnlyId = useId();
  const textAreaRef = useRef<GetRef<typeof Input.TextArea>>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const caretAfterInsert = useRef<number | null>(null);
  const lastTypingAt = useRef(0);
  const { draft, setDraft, saved, discard } = useComposerDraft(db, ticketId);
  const guard = useStaleGuard(db, ticketId, agentId);
  const [stale, setStale] = useState<{ changes: StaleChange[]; at: number } | null>(null);
  const [sending, setSending] = useState(false);
  const inFlight = useRef(false);
  const [error, setError] = useState<string | null>(null);

  const { mode, body, attachments } = draft;
  const isNote = mode === 'note';
  // Ownership guards public replies only: colleagues may always add an internal note (ownership.ts).
  const readOnly = readOnlyReason !== null && !isNote;
  // Notes stay possible on a resolved ticket (follow-ups); replies need the ticket reopened.
  const closed = isNote ? status === 'closed' : status === 'resolved' || status === 'closed';
  const disabled = readOnly || closed;
  const canSend = !disabled && !sending && body.trim().length > 0;

  async function send(force = false) {
    if (!canSend || inFlight.current) return;
    inFlight.current = true;
    const hold = async (changes: CachedEvent[]) =>
      setStale({ changes: await describeChanges(db, changes), at: Date.now() });
    try {
      // What the case shows is checked at once: when it holds nothing new, the reply's echo is drawn
      // while the cache is checked too (a change stored but not drawn yet takes the echo back).
      let confirming: Promise<CachedEvent[]> | null = null;
      if (!isNote && !force) {
        const shown = shownEvents && echoes ? guard.checkShown(shownEvents) : null;
        if (shown?.length === 0) confirming = guard.check();
        else {
          const changes = shown?.length ? shown : await guard.check();
          if (changes.length > 0) return await hold(changes);
        }
      }
      // State set only now: the busy composer and the echo below render in one commit, the one that
      // shows the reply (a render before the guard's read would delay it).
      setSending(true);
      setError(null);
      setStale(null);
      const args = {
        ticketId,
        eventId: crypto.randomUUID(),
        body: body.trim(),
        ...(attachments.length > 0 ? { attachments } : {}),
      };
      echoes?.show({ ...args, mode: isNote ? 'note' : 'reply', authorId: agentId });
      try {
        const late = confirming ? await confirming : [];
        if (late.length > 0) {
          echoes?.drop(args.eventId);
          return await hold(late);
        }
        if (isNote) await engine.mutate('addNote', args);
        else await engine.mutate('replyToTicket', args);
      } catch (err) {
        echoes?.drop(args.eventId);
        throw err;
      }
      echoes?.settle(args.eventId);
      await discard({ ...EMPTY_DRAFT, mode });
      await guard.markAllSeen();
    } catch (err) {
      const reason = t(replyErrorKey(err), interpolation(err));
      setError(t(isNote ? 'workspace.composer.noteFailed' : 'composer.failed', { reason }));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  function review() {
    if (stale) guard.markSeen(stale.changes.map((c) => c.id));
    setStale(null);
    textAreaRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  }

  function onChange(event: ChangeEvent<HTMLTextAreaElement>) {
    const value = event.target.value;
    setDraft((d) => ({ ...d, body: value }));
    const now = Date.now();
    if (onTyping && now - lastTypingAt.current >= TYPING_THROTTLE_MS) {
      lastTypingAt.current = now;
      onTyping();
    }
  }

  function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = ''; // picking the same file again still fires change
    if (files.length === 0) return;
    let problems: ReturnType<typeof addAttachments>['problems'] = [];
    setDraft((d) => {
      const added = addAttachments(d.attachments, files);
      problems = added.problems;
      return { ...d, attachments: added.attachments };
    });
    for (const p of problems) {
      if (p.kind === 'tooMany')
        void message.warning(t('workspace.composer.attachments.tooMany', { max: MAX_ATTACHMENTS }));
      else if (p.kind === 'tooLarge')
        void message.warning(
          t('workspace.composer.attachments.tooLarge', { name: p.name, max: MAX_ATTACHMENT_MB }),
        );
      else void message.warning(t('workspace.composer.attachments.nameTooLong', { name: p.name }));
    }
  }

  const insertAtCaret = useCallback(
    (text: string): boolean => {
      if (disabled) return false;
      const el = textAreaRef.current?.resizableTextArea?.textArea ?? null;
      setDraft((d) => {
        const start = el ? el.selectionStart : d.body.length;
        const end = el ? el.selectionEnd : start;
        caretAfterInsert.current = start + text.length;
        return { ...d, body: d.body.slice(0, start) + text + d.body.slice(end) };
      });
      return true;
    },
    [disabled, setDraft],
  );
  useRegisterComposerInsert(insertAtCaret);

  // After an insert, the caret goes right after the inserted text, in the focused box.
  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    const el = textAreaRef.current?.resizableTextArea?.textArea;
    if (caret === null || !el) return;
    caretAfterInsert.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  }, [body]);

  const sendLabel = t(isNote ? 'workspace.composer.addNote' : 'composer.send');
  const describedBy = readOnly ? readOnlyId : undefined;

  return (
    <form
      className={`cd-composer${isNote ? ' cd-composer-note' : ''}`}
      aria-busy={sending}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <Flex justify="space-between" align="center" gap={8} wrap>
        <label htmlFor={inputId} className="cd-composer-label">
          <Typography.Text strong>
            {t(isNote ? 'workspace.composer.noteLabel' : 'composer.label')}
          </Typography.Text>
        </label>
        <Radio.Group
          aria-label={t('workspace.composer.mode.label')}
          optionType="button"
          buttonStyle="solid"
          size="small"
          value={mode}
          disabled={sending}
          onChange={(e) => {
            setStale(null);
            setDraft((d) => ({ ...d, mode: e.target.value === 'note' ? 'note' : 'reply' }));
          }}
          options={[
            { value: 'reply', label: t('workspace.composer.mode.reply') },
            { value: 'note', label: t('workspace.composer.mode.note') },
          ]}
        />
      </Flex>
      {readOnly && <Alert id={readOnlyId} type="info" showIcon title={readOnlyReason} />}
      {!readOnly && closed && (
        <Typography.Paragraph type="secondary">{t('composer.closedHint')}</Typography.Paragraph>
      )}
      {!readOnly && isNote && !closed && (
        <Typography.Text type="warning" className="cd-composer-note-hint">
          {t('workspace.composer.noteHint')}
        </Typography.Text>
      )}
      {error && <Alert type="error" role="alert" showIcon title={error} />}
      {stale && (
        <StaleChangesNotice
          changes={stale.changes}
          now={stale.at}
          onSendAnyway={() => void send(true)}
          onReview={review}
        />
      )}
      <Input.TextArea
        id={inputId}
        ref={textAreaRef}
        value={body}
        onChange={onChange}
        onKeyDown={onKeyDown}
        placeholder={t(isNote ? 'workspace.composer.notePlaceholder' : 'composer.placeholder')}
        rows={3}
        maxLength={10_000}
        // Also keeps Chromium from saving the unsent text in its session-restore files (form state).
        autoComplete="off"
        disabled={disabled}
        aria-describedby={describedBy}
        aria-keyshortcuts="Control+Enter Meta+Enter"
      />
      <AttachmentList
        attachments={attachments}
        disabled={disabled}
        onRemove={(name) =>
          setDraft((d) => ({ ...d, attachments: d.attachments.filter((a) => a.name !== name) }))
        }
      />
      <Flex justify="space-between" align="center" gap={8} className="cd-composer-actions">
        <Flex align="center" gap={8}>
          <input
            ref={fileInputRef}
            type="file"
            multiple
            hidden
            aria-label={t('workspace.composer.attachments.input')}
            disabled={disabled}
            onChange={onFiles}
          />
          <Button
            icon={<PaperClipOutlined aria-hidden />}
            disabled={disabled}
            onClick={() => fileInputRef.current?.click()}
          >
            {t('workspace.composer.attachments.add')}
          </Button>
          {saved && !isEmptyDraft(draft) && (
            <Typography.Text type="secondary" aria-live="polite">
              {t('workspace.composer.draftSaved')}
            </Typography.Text>
          )}
        </Flex>
        <Tooltip title={readOnlyReason}>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SendOutlined aria-hidden />}
            disabled={!canSend}
            loading={sending}
            aria-describedby={describedBy}
          >
            {sendLabel}
          </Button>
        </Tooltip>
      </Flex>
    </form>
  );
}
