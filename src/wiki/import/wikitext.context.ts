/**
 * The pieces of wikitext that the preprocessor lifts out of the running text (comments,
 * extension tags such as `<ref>` and `<nowiki>`, templates), and what converting them needs.
 */
export type PieceKind =
  | 'silent' // comments, <includeonly>: gone without a trace
  | 'template' // dropped, already reported
  | 'cite' // {{cite book}} and kin
  | 'ref'
  | 'references'
  | 'nowiki'
  | 'pre'
  | 'code' // <syntaxhighlight>, <source>
  | 'math'
  | 'poem'
  | 'dropped'; // <gallery>, <timeline>…: dropped, already reported

/** One lifted piece; the running text holds a placeholder for it. */
export interface Piece {
  readonly kind: PieceKind;
  /** The tag name (`ref`) or the normalised template name (`cite book`). */
  readonly name: string;
  /** The piece's source, as written. */
  readonly raw: string;
  /** A tag's content, or a template's text between the braces. */
  readonly inner: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly selfClosing: boolean;
}

/** Wikitext with its pieces lifted out: `body` refers to `pieces[i]` as a placeholder. */
export interface Fragment {
  readonly body: string;
  readonly pieces: readonly Piece[];
  /** Refs inside dropped templates: not shown, but an infobox often defines a named ref used below. */
  readonly hiddenRefs: readonly Piece[];
}

/** What the inline renderer asks of the conversion it belongs to. */
export interface ConvertContext {
  /** Records, once per page, something that could not be converted. */
  report(line: string): void;
  /** Renders a `<ref>` where it is used: a footnote label, a citation, or '' when it was dropped. */
  ref(piece: Piece): string;
  /**
   * Renders a citation template where it stands, recording its source: in a note as a citation
   * (`[@barnouw1993, p. 139]`), which Kinora writes out in a note; elsewhere as readable text.
   */
  cite(piece: Piece, inNote: boolean): string;
}

/**
 * Placeholders and emphasis marks use private-use characters, which are stripped from the input
 * first, so no text can forge one.
 */
export const PH_OPEN = '\uE000';
export const PH_CLOSE = '\uE001';
export const BOLD_OPEN = '\uE002';
export const BOLD_CLOSE = '\uE003';
export const ITALIC_OPEN = '\uE004';
export const ITALIC_CLOSE = '\uE005';
export const PRIVATE_CHARS = /[\uE000-\uE005]/g;

export const placeholder = (index: number): string => `${PH_OPEN}${index}${PH_CLOSE}`;

/** Reads the placeholder starting at `at` (a PH_OPEN): the piece's index and where it ends. */
export function readPlaceholder(text: string, at: number): { index: number; end: number } | undefined {
  const close = text.indexOf(PH_CLOSE, at + 1);
  if (close < 0 || close - at > 12) return undefined;
  const index = Number(text.slice(at + 1, close));
  return Number.isInteger(index) ? { index, end: close + 1 } : undefined;
}

/** Pieces that render to nothing: a line holding only these (and spaces) disappears entirely. */
export const isEmptyPiece = (piece: Piece): boolean =>
  piece.kind === 'silent' || piece.kind === 'template' || piece.kind === 'references' || piece.kind === 'dropped';
