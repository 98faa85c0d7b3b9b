import { useContext } from 'preact/hooks';
import { FLAG_REASONS, type Flag, type FlagTarget, REASON_LABELS } from '../../moderation/index.ts';
import { ViewerContext } from '../viewer.ts';

/** "No flags", or the open flags counted by reason. */
export function FlagSummary({ flags }: { flags: readonly Flag[] | undefined }) {
  if (!flags || flags.length === 0) return <span class="flags none">No flags</span>;
  const byReason = new Map<string, number>();
  for (const f of flags) byReason.set(f.reason, (byReason.get(f.reason) ?? 0) + 1);
  return (
    <span class="flags open">
      {flags.length} open {flags.length === 1 ? 'flag' : 'flags'}: {[...byReason].map(([r, n]) => `${REASON_LABELS[r as Flag['reason']]}${n > 1 ? ` (${n})` : ''}`).join(', ')}
    </span>
  );
}

/** A disclosure with the form to flag something, for signed-in readers; it returns to `back` after. */
export function FlagForm({ type, id, label, back }: { type: FlagTarget; id: string | number; label: string; back: string }) {
  const { account, csrf } = useContext(ViewerContext);
  if (!account) return null;
  const fid = `flag-${type}-${id}`;
  return (
    <details class="flag-form">
      <summary>Flag a problem<span class="visually-hidden"> with {label}</span></summary>
      <form method="post" action="/flags" class="stacked">
        <input type="hidden" name="_csrf" value={csrf ?? ''} />
        <input type="hidden" name="targetType" value={type} />
        <input type="hidden" name="targetId" value={String(id)} />
        <input type="hidden" name="back" value={back} />
        <div>
          <label for={`${fid}-reason`}>What is wrong</label>
          <select id={`${fid}-reason`} name="reason" required>
            {FLAG_REASONS.filter((r) => type === 'release' || !['broken_file', 'wrong_file'].includes(r)).map((r) => <option key={r} value={r}>{REASON_LABELS[r]}</option>)}
          </select>
        </div>
        <div>
          <label for={`${fid}-note`}>Note for the moderators</label>
          <textarea id={`${fid}-note`} name="note" rows={3} maxLength={2000} />
        </div>
        <div><button type="submit">Send the flag</button></div>
      </form>
    </details>
  );
}
