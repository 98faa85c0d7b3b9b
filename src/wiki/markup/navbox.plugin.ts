import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import { normalizeTitle } from '../title.ts';
import type { WikiEnv } from './wiki.env.ts';

/** `{{Navbox:Cold War}}` on a line of its own includes the page Navbox:Cold War: a box of links shared by related articles. */
function navbox(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const line = state.src.slice(start, max).trim();
  const m = /^\{\{\s*(Navbox\s*:[^{}|]+)\}\}$/i.exec(line);
  if (!m) return false;
  const title = normalizeTitle(m[1]!);
  if (!title || title.namespace !== 'Navbox') return false;
  if (silent) return true;
  (state.env as WikiEnv).wiki.navboxes.add(title.text);
  const token = state.push('navbox', '', 0);
  token.meta = { title: title.text };
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  return true;
}

export function navboxPlugin(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', 'navbox', navbox, { alt: ['paragraph'] });
}
