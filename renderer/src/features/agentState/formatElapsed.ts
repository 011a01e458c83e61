/** "mm:ss" since `since` (minutes keep counting past 59: "75:03"); never negative under clock skew. */
export function formatElapsed(since: number, now: number): string {
  const total = Math.max(0, Math.floor((now - since) / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
