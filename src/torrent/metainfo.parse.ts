import { createHash } from 'node:crypto';
import { AppError, type ErrorDetail } from '../errors.ts';
import { type BDict, type BValue, type DecodeLimits, decodeDocument, isBytes, isDict, isInt, isList, keyText } from './bencode.ts';
import { rootFromPieceLayer } from './merkle.ts';
import { MAX_PIECE_LENGTH, MIN_PIECE_LENGTH, type Metainfo, type TorrentFile, type TorrentVersion } from './metainfo.ts';

export interface ParseLimits extends DecodeLimits {
  /** Most files (padding included) a torrent may list. */
  readonly maxFiles?: number;
}

const torrentError = (path: string, message: string, extra: readonly ErrorDetail[] = []): AppError =>
  new AppError('invalid', 'invalid_torrent', `Invalid torrent: ${path}: ${message}.`, [{ path, message }, ...extra]);

/** Why a path component is unsafe to use as a file or folder name, or undefined when it is fine. */
export function unsafeComponentReason(component: string): string | undefined {
  if (component.length === 0) return 'is empty';
  if (component === '.' || component === '..') return `is "${component}"`;
  if (component.includes('\0')) return 'contains a NUL character';
  if (component.includes('/') || component.includes('\\')) return 'contains a path separator';
  return undefined;
}

const text = (value: BValue | undefined, path: string): string => {
  if (!isBytes(value)) throw torrentError(path, 'must be a byte string');
  const t = keyText(value);
  if (t === undefined) throw torrentError(path, 'is not valid UTF-8');
  return t;
};

const component = (value: BValue | undefined, path: string): string => {
  const c = text(value, path);
  const reason = unsafeComponentReason(c);
  if (reason) throw torrentError(path, `"${c.slice(0, 80)}" ${reason}`);
  return c;
};

const length = (value: BValue | undefined, path: string): number => {
  if (!isInt(value) || value < 0) throw torrentError(path, 'must be a non-negative integer');
  return value;
};

const optionalText = (d: BDict, key: string): string | null => {
  const v = d.get(key);
  return isBytes(v) ? (keyText(v) ?? null) : null;
};

/**
 * Parses a `.torrent` file into a Metainfo, checking everything a client would rely on: that
 * both descriptions of a hybrid torrent agree, that sizes and hash lists add up, and that no path
 * could escape the folder it is saved into. Throws an AppError with code `invalid_torrent` (or
 * `invalid_bencode`) naming the offending key; never anything else.
 */
export function parseTorrent(bytes: Uint8Array, limits: ParseLimits = {}): Metainfo {
  const maxFiles = limits.maxFiles ?? 100_000;
  const { value: root, spans } = decodeDocument(bytes, limits);
  if (!isDict(root)) throw torrentError('(top level)', 'must be a dictionary');
  const info = root.get('info');
  const span = spans.get('info');
  if (!isDict(info) || !span) throw torrentError('info', 'must be a dictionary');
  const infoBytes = Buffer.from(bytes.subarray(span.start, span.end));

  const pieceLength = info.get('piece length');
  if (!isInt(pieceLength) || pieceLength <= 0) throw torrentError('info.piece length', 'must be a positive integer');
  if ((pieceLength & (pieceLength - 1)) !== 0) throw torrentError('info.piece length', `${pieceLength} is not a power of two`);
  if (pieceLength > MAX_PIECE_LENGTH) throw torrentError('info.piece length', `${pieceLength} is larger than ${MAX_PIECE_LENGTH}`);
  const name = component(info.get('name'), 'info.name');

  const metaVersion = info.get('meta version');
  if (metaVersion !== undefined && metaVersion !== 2) throw torrentError('info.meta version', `version ${String(metaVersion)} is not supported (only 2)`);
  const hasV2 = metaVersion === 2;
  const hasV1 = info.has('pieces');
  if (!hasV1 && !hasV2) throw torrentError('info', 'has neither "pieces" (v1) nor "meta version" 2');
  if (hasV2 && pieceLength < MIN_PIECE_LENGTH) throw torrentError('info.piece length', `BEP 52 needs at least ${MIN_PIECE_LENGTH} bytes, not ${pieceLength}`);

  const v1 = hasV1 ? parseV1Files(info, maxFiles) : undefined;
  const v2 = hasV2 ? parseFileTree(info.get('file tree'), maxFiles) : undefined;

  let files: TorrentFile[];
  let pieces: Buffer | null = null;
  let pieceCount: number;
  if (v1) {
    const total = v1.files.reduce((n, f) => n + f.length, 0);
    if (total === 0) throw torrentError('info', 'the torrent holds no data');
    pieceCount = Math.ceil(total / pieceLength);
    const p = info.get('pieces');
    if (!isBytes(p) || p.length % 20 !== 0) throw torrentError('info.pieces', 'must be a byte string whose length is a multiple of 20');
    if (p.length !== pieceCount * 20) throw torrentError('info.pieces', `holds ${p.length / 20} hashes but ${total} bytes in pieces of ${pieceLength} make ${pieceCount}`);
    pieces = p;
    files = v1.files;
    if (v2) files = mergeHybrid(v1.files, v2, pieceLength, name);
  } else {
    let offset = 0;
    files = v2!.map((f) => {
      const file = { ...f, offset, pad: false };
      offset += Math.ceil(f.length / pieceLength) * pieceLength;
      return file;
    });
    pieceCount = files.reduce((n, f) => n + Math.ceil(f.length / pieceLength), 0);
    if (pieceCount === 0) throw torrentError('info', 'the torrent holds no data');
  }

  const pieceLayers = hasV2 ? parsePieceLayers(root.get('piece layers'), files, pieceLength) : new Map<string, Buffer>();
  // A v2 tree of one file named like the torrent is the v2 form of a single-file torrent.
  const singleFile = v1 ? v1.single : files.length === 1 && files[0]!.path.length === 1 && files[0]!.path[0] === name;
  if (singleFile) files = [{ ...files[0]!, path: [] }];
  const version: TorrentVersion = hasV1 && hasV2 ? 'hybrid' : hasV1 ? 'v1' : 'v2';
  return Object.freeze({
    infoBytes,
    infohashV1: hasV1 ? createHash('sha1').update(infoBytes).digest('hex') : null,
    infohashV2: hasV2 ? createHash('sha256').update(infoBytes).digest('hex') : null,
    version,
    name,
    pieceLength,
    private: info.get('private') === 1,
    singleFile,
    files,
    totalLength: files.filter((f) => !f.pad).reduce((n, f) => n + f.length, 0),
    pieceCount,
    pieces,
    pieceLayers,
    announce: parseAnnounce(root),
    webSeeds: parseWebSeeds(root.get('url-list')),
    comment: optionalText(root, 'comment'),
    createdBy: optionalText(root, 'created by'),
    creationDate: isInt(root.get('creation date')) ? (root.get('creation date') as number) : null,
  });
}

interface V1Files {
  readonly single: boolean;
  readonly files: TorrentFile[];
}

function parseV1Files(info: BDict, maxFiles: number): V1Files {
  const single = info.get('length');
  const list = info.get('files');
  if (single !== undefined && list !== undefined) throw torrentError('info', 'has both "length" (single file) and "files" (several)');
  if (single !== undefined) return { single: true, files: [{ path: [], length: length(single, 'info.length'), offset: 0, pad: false, piecesRoot: null }] };
  if (!isList(list) || list.length === 0) throw torrentError('info.files', 'must be a non-empty list (or give "length" for a single file)');
  if (list.length > maxFiles) throw torrentError('info.files', `lists ${list.length} files, more than the ${maxFiles} allowed`);
  const files: TorrentFile[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const [i, entry] of list.entries()) {
    const at = `info.files[${i}]`;
    if (!isDict(entry)) throw torrentError(at, 'must be a dictionary');
    const size = length(entry.get('length'), `${at}.length`);
    const path = entry.get('path');
    if (!isList(path) || path.length === 0) throw torrentError(`${at}.path`, 'must be a non-empty list of names');
    const parts = path.map((p, j) => component(p, `${at}.path[${j}]`));
    const attr = entry.get('attr');
    const pad = isBytes(attr) && attr.includes(0x70 /* p */);
    const key = parts.join('/');
    if (!pad) {
      if (seen.has(key)) throw torrentError(`${at}.path`, `"${key}" is listed twice`);
      seen.add(key);
    }
    files.push({ path: parts, length: size, offset, pad, piecesRoot: null });
    offset += size;
    if (offset > Number.MAX_SAFE_INTEGER) throw torrentError(`${at}.length`, 'the files add up to more bytes than can be counted');
  }
  checkNoFileIsAFolder(files.filter((f) => !f.pad).map((f) => f.path.join('/')), 'info.files');
  return { single: false, files };
}

interface V2File {
  readonly path: string[];
  readonly length: number;
  readonly piecesRoot: Buffer | null;
}

/** BEP 52 `file tree`: nested dictionaries keyed by path component; a file is `{"": {length, pieces root}}`. */
function parseFileTree(tree: BValue | undefined, maxFiles: number): V2File[] {
  if (!isDict(tree) || tree.size === 0) throw torrentError('info.file tree', 'must be a non-empty dictionary');
  const files: V2File[] = [];
  const walk = (node: BDict, path: string[], at: string) => {
    for (const [rawKey, child] of node) {
      const where = `${at}/${keyText(rawKey) ?? '?'}`;
      if (rawKey === '') throw torrentError(at, 'a folder cannot also be a file');
      const part = component(Buffer.from(rawKey, 'latin1'), where);
      if (!isDict(child) || child.size === 0) throw torrentError(where, 'must be a non-empty dictionary');
      const leaf = child.get('');
      if (leaf !== undefined) {
        if (child.size !== 1) throw torrentError(where, 'a file entry must hold only the "" key');
        if (!isDict(leaf)) throw torrentError(`${where}/""`, 'must be a dictionary');
        const size = length(leaf.get('length'), `${where}.length`);
        const root = leaf.get('pieces root');
        if (size > 0 && (!isBytes(root) || root.length !== 32)) throw torrentError(`${where}.pieces root`, 'must be 32 bytes for a non-empty file');
        if (files.length >= maxFiles) throw torrentError('info.file tree', `lists more than the ${maxFiles} files allowed`);
        files.push({ path: [...path, part], length: size, piecesRoot: size > 0 ? Buffer.from(root as Buffer) : null });
      } else {
        walk(child, [...path, part], where);
      }
    }
  };
  walk(tree, [], 'info.file tree');
  return files;
}

/** In a hybrid torrent both file lists must name the same files in the same order, each starting a piece. */
function mergeHybrid(v1: TorrentFile[], v2: V2File[], pieceLength: number, expectedName: string): TorrentFile[] {
  const content = v1.filter((f) => !f.pad);
  const single = v1.length === 1 && v1[0]!.path.length === 0;
  const name = single && v2.length === 1 ? v2[0]!.path[0] : undefined;
  if (content.length !== v2.length) throw torrentError('info', `the v1 file list has ${content.length} files but the v2 file tree has ${v2.length}`);
  let k = 0;
  return v1.map((f, i) => {
    if (f.pad) return f;
    const g = v2[k++]!;
    const same = single ? g.path.length === 1 && g.path[0] === name && name === expectedName : f.path.join('/') === g.path.join('/');
    if (!same) {
      throw torrentError(`info.files[${i}]`, `"${f.path.join('/')}" is not "${g.path.join('/')}", the v2 file in the same place`);
    }
    if (f.length !== g.length) throw torrentError(`info.files[${i}].length`, `${f.length} bytes, but the v2 file tree says ${g.length}`);
    if (f.offset % pieceLength !== 0 && f.length > 0) throw torrentError(`info.files[${i}]`, 'does not start on a piece boundary (hybrid torrents need padding files)');
    return { ...f, piecesRoot: g.piecesRoot };
  });
}

function parsePieceLayers(value: BValue | undefined, files: readonly TorrentFile[], pieceLength: number): Map<string, Buffer> {
  const layers = new Map<string, Buffer>();
  const needed = files.filter((f) => f.piecesRoot && f.length > pieceLength);
  if (needed.length === 0 && value === undefined) return layers;
  if (!isDict(value)) throw torrentError('piece layers', 'must be a dictionary (BEP 52) for files longer than one piece');
  for (const f of needed) {
    const key = f.piecesRoot!.toString('latin1');
    const hex = f.piecesRoot!.toString('hex');
    const layer = value.get(key);
    const at = `piece layers[${hex.slice(0, 16)}…]`;
    if (!isBytes(layer)) throw torrentError(at, `is missing for the file "${f.path.join('/')}"`);
    const expected = Math.ceil(f.length / pieceLength) * 32;
    if (layer.length !== expected) throw torrentError(at, `has ${layer.length} bytes, not the ${expected} that ${f.length} bytes in pieces of ${pieceLength} need`);
    if (!rootFromPieceLayer(layer, pieceLength).equals(f.piecesRoot!)) throw torrentError(at, 'does not hash to the file\'s pieces root');
    layers.set(hex, layer);
  }
  return layers;
}

/** BEP 12 `announce-list` tiers when present, else the single `announce` URL. */
function parseAnnounce(root: BDict): string[][] {
  const list = root.get('announce-list');
  if (isList(list)) {
    const tiers = list.filter(isList).map((tier) => tier.filter(isBytes).map((u) => keyText(u)).filter((u): u is string => !!u));
    const nonEmpty = tiers.filter((t) => t.length > 0);
    if (nonEmpty.length) return nonEmpty;
  }
  const one = root.get('announce');
  const url = isBytes(one) ? keyText(one) : undefined;
  return url ? [[url]] : [];
}

/** BEP 19 `url-list`: one URL or a list of them. */
function parseWebSeeds(value: BValue | undefined): string[] {
  const items = isBytes(value) ? [value] : isList(value) ? value.filter(isBytes) : [];
  return items.map((u) => keyText(u)).filter((u): u is string => !!u && /^https?:\/\//i.test(u));
}

function checkNoFileIsAFolder(paths: readonly string[], at: string): void {
  const set = new Set(paths);
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (set.has(prefix)) throw torrentError(at, `"${prefix}" is both a file and a folder`);
    }
  }
}
