import { AttachmentRef } from '@shared/domain/index.ts';

/**
 * Attachments travel by name and size only: the mutation's `attachments` lists them, while the file
 * bytes stay on this machine, outside the sync protocol, until an upload channel exists (a later
 * issue). The limits are the shared schema's, checked here so the agent learns at once, not on send.
 */
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_MB = 50;

export type AttachmentProblem =
  { kind: 'tooLarge'; name: string } | { kind: 'nameTooLong'; name: string } | { kind: 'tooMany' };

/** Adds the picked files to the list (a same-named file replaces the older entry); reports the ones left out. */
export function addAttachments(
  current: readonly AttachmentRef[],
  files: ReadonlyArray<Pick<File, 'name' | 'size'>>,
): { attachments: AttachmentRef[]; problems: AttachmentProblem[] } {
  const next = [...current];
  const problems: AttachmentProblem[] = [];
  for (const file of files) {
    const parsed = AttachmentRef.safeParse({ name: file.name, sizeBytes: file.size });
    if (!parsed.success) {
      problems.push(
        file.size > MAX_ATTACHMENT_MB * 1024 * 1024
          ? { kind: 'tooLarge', name: file.name }
          : { kind: 'nameTooLong', name: file.name },
      );
      continue;
    }
    const same = next.findIndex((a) => a.name === parsed.data.name);
    if (same >= 0) next[same] = parsed.data;
    else if (next.length >= MAX_ATTACHMENTS) {
      if (!problems.some((p) => p.kind === 'tooMany')) problems.push({ kind: 'tooMany' });
    } else next.push(parsed.data);
  }
  return { attachments: next, problems };
}

/** Size in the unit that keeps the number short: 812 B, 3.4 KB, 12.0 MB. */
export function sizeParts(bytes: number): { unit: 'bytes' | 'kilobytes' | 'megabytes'; value: string } {
  if (bytes < 1024) return { unit: 'bytes', value: String(bytes) };
  if (bytes < 1024 * 1024) return { unit: 'kilobytes', value: (bytes / 1024).toFixed(1) };
  return { unit: 'megabytes', value: (bytes / 1024 / 1024).toFixed(1) };
}
