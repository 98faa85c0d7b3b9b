import { PH_OPEN, readPlaceholder, type Fragment, type Piece } from './wikitext.context.ts';
import { preprocess } from './wikitext.preprocess.ts';
import { slug } from './wikitext.text.ts';

/** What turning `<ref>`s into notes needs from the rest of the conversion. */
export interface NotesInput {
  /** The page's preprocessed text, where named refs are defined (also inside `<references>`). */
  readonly fragment: Fragment;
  readonly report: (line: string) => void;
  /** A note's content as one line of markup. */
  readonly content: (fragment: Fragment) => string;
  /** The citation markup when the note holds nothing but citation templates. */
  readonly citation: (pieces: readonly Piece[]) => string;
}

/** A page's footnotes, numbered as they are first used. */
export interface Notes {
  /** Renders a `<ref>` where it stands: `[^1]`, `[^barnouw]`, `[@barnouw1993, p. 139]`, or ''. */
  use(piece: Piece): string;
  /** The `[^label]: text` lines, in the order the labels were first used. */
  definitions(): string[];
}

/** Collects the page's named refs, then answers each use of a ref with its label or citation. */
export function createNotes({ fragment, report, content, citation }: NotesInput): Notes {
  const named = collectNamed(fragment, report);
  const rendered = new Map<string, string>();
  const labels = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const lines: string[] = [];
  let counter = 0;

  // Names differ where slugs may not ("A b", "a-b"); a suffix tells them apart. Pure digits
  // would read as an unnamed note's number.
  const labelFor = (name: string) => () => {
    const base = slug(name);
    const label = base === '' || /^\d+$/.test(base) ? `note-${base || 'x'}` : base;
    let unique = label;
    for (let n = nextSuffix.get(label) ?? 2; labels.has(unique); n++) {
      unique = `${label}-${n}`;
      nextSuffix.set(label, n + 1);
    }
    return unique;
  };

  const render = (inner: string, label: () => string): string => {
    const note = preprocess(inner, report);
    const cites = citationsOnly(note);
    if (cites !== undefined) return citation(cites);
    const text = content(note);
    if (text === '') {
      report('empty reference dropped');
      return '';
    }
    const l = label();
    labels.add(l);
    lines.push(`[^${l}]: ${text}`);
    return `[^${l}]`;
  };

  return {
    use(piece) {
      const group = piece.attrs['group'];
      if (group) report(`reference group "${group}" merged into the notes`);
      const name = piece.attrs['name'];
      if (name) {
        const done = rendered.get(name);
        if (done !== undefined) return done;
        const inner = named.get(name) ?? (piece.selfClosing ? undefined : piece.inner);
        let out = '';
        if (inner === undefined || inner.trim() === '') report(`reference "${name}" used but never defined (dropped)`);
        else out = render(inner, labelFor(name));
        rendered.set(name, out);
        return out;
      }
      if (piece.selfClosing || piece.inner.trim() === '') {
        report('empty reference dropped');
        return '';
      }
      return render(piece.inner, () => String(++counter));
    },
    definitions: () => [...lines],
  };
}

/**
 * Named refs with content, wherever they stand: a `<ref name=x/>` may come before its definition,
 * and the definition may sit in an infobox that is dropped.
 */
function collectNamed(fragment: Fragment, report: (line: string) => void): Map<string, string> {
  const named = new Map<string, string>();
  const add = (piece: Piece) => {
    const name = piece.attrs['name'];
    if (piece.kind !== 'ref' || !name || piece.selfClosing || piece.inner.trim() === '') return;
    const known = named.get(name);
    if (known === undefined) named.set(name, piece.inner);
    else if (known.trim() !== piece.inner.trim()) report(`reference "${name}" defined twice with different text (the first kept)`);
  };
  for (const piece of fragment.hiddenRefs) add(piece);
  for (const piece of fragment.pieces) {
    add(piece);
    // List-defined references: `<references><ref name="x">…</ref></references>`.
    if (piece.kind === 'references' && !piece.selfClosing) for (const inner of preprocess(piece.inner, () => {}).pieces) add(inner);
  }
  return named;
}

/** The citation templates of a note that holds only those (and spaces or punctuation between). */
function citationsOnly(note: Fragment): Piece[] | undefined {
  const cites: Piece[] = [];
  const { body } = note;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === PH_OPEN) {
      const ph = readPlaceholder(body, i);
      const piece = ph === undefined ? undefined : note.pieces[ph.index];
      if (ph === undefined || piece === undefined) return undefined;
      if (piece.kind === 'cite') cites.push(piece);
      else if (piece.kind !== 'silent') return undefined;
      i = ph.end - 1;
    } else if (!/[\s.,;]/.test(c)) return undefined;
  }
  return cites.length > 0 ? cites : undefined;
}
