import { SLUG_PATTERN } from '../catalog/index.ts';
import { type ErrorDetail, invalid } from '../errors.ts';
import { withoutControls } from '../validation.ts';
import { FLAG_REASONS, FLAG_TARGETS, type FlagInput, type FlagReason, type FlagTarget } from './flag.types.ts';

export const MAX_NOTE = 2000;
const SLUG = new RegExp(SLUG_PATTERN);

/** A flag from a form or JSON: a known target and reason, an id of the right shape, a note of a sane length. */
export function parseFlag(input: { targetType?: unknown; targetId?: unknown; reason?: unknown; note?: unknown }): FlagInput {
  const details: ErrorDetail[] = [];
  const type = input.targetType;
  if (typeof type !== 'string' || !(FLAG_TARGETS as readonly string[]).includes(type)) details.push({ path: 'targetType', message: `must be one of ${FLAG_TARGETS.join(', ')}` });
  const rawId = typeof input.targetId === 'number' ? String(input.targetId) : input.targetId;
  const idOk = typeof rawId === 'string' && (type === 'film' ? SLUG.test(rawId) && rawId.length <= 120 : /^[1-9]\d{0,11}$/.test(rawId));
  if (!idOk) details.push({ path: 'targetId', message: type === 'film' ? 'must be a film\'s slug' : 'must be a positive whole number' });
  const reason = input.reason;
  if (typeof reason !== 'string' || !(FLAG_REASONS as readonly string[]).includes(reason)) details.push({ path: 'reason', message: `Choose a reason: ${FLAG_REASONS.join(', ')}.` });
  const note = typeof input.note === 'string' ? withoutControls(input.note).trim() : input.note === undefined ? '' : null;
  if (note === null) details.push({ path: 'note', message: 'A note is text.' });
  else if (note.length > MAX_NOTE) details.push({ path: 'note', message: `A note has at most ${MAX_NOTE} characters; this one has ${note.length}.` });
  if (reason === 'other' && note !== null && note.length === 0) details.push({ path: 'note', message: 'Say what the problem is.' });
  if (details.length) throw invalid('invalid_flag', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  return { targetType: type as FlagTarget, targetId: rawId as string, reason: reason as FlagReason, note: note! };
}
