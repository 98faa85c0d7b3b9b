import { useContext } from 'preact/hooks';
import { hasRole, userActor } from '../../accounts/index.ts';
import type { ErrorDetail } from '../../errors.ts';
import { type ArticleView, type DiffRow, type DiffSkip, type RecentChange, type RenderProblem, type RevisionDetail, type RevisionSummary, formatDate, titlePath } from '../../wiki/index.ts';
import { Breadcrumb, Tabs } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { ViewerContext } from '../viewer.ts';

/** Server-rendered article HTML: sanitised by the wiki's renderer before it gets here. */
const Html = ({ html, class: cls }: { html: string; class?: string }) => <div class={cls} dangerouslySetInnerHTML={{ __html: html }} />;

const PageLink = ({ title }: { title: string }) => <a href={titlePath(title)}>{title}</a>;

function PageTabs({ title, current }: { title: string; current: 'read' | 'edit' | 'history' | 'links' }) {
  const q = (s: string) => `${titlePath(title)}?${s}`;
  return <Tabs label="Page" tabs={[
    { href: titlePath(title), label: 'Read', current: current === 'read' },
    { href: q('action=edit'), label: 'Edit', current: current === 'edit' },
    { href: q('action=history'), label: 'History', current: current === 'history' },
    { href: `/wiki/Special:WhatLinksHere?target=${encodeURIComponent(title)}`, label: 'What links here', current: current === 'links' },
  ]} />;
}

function Problems({ problems }: { problems: readonly RenderProblem[] }) {
  if (!problems.length) return null;
  return (
    <div class="notice warning" role="status">
      <p>This page has {problems.length === 1 ? 'a problem' : `${problems.length} problems`} with its sources:</p>
      <ul>{problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>
    </div>
  );
}

const time = (iso: string) => `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)} UTC`;
const delta = (n: number) => <span class={n > 0 ? 'size-up' : n < 0 ? 'size-down' : 'size-same'}>({n > 0 ? '+' : ''}{n.toLocaleString('en')})</span>;

/** The wiki's own lists, at the foot of its pages (the import only for those who may import). */
export function WikiTools() {
  const { account } = useContext(ViewerContext);
  const links: [string, string][] = [
    ['/wiki/Special:RecentChanges', 'Recent changes'], ['/wiki/Special:AllPages', 'All pages'], ['/wiki/Special:Categories', 'Categories'], ['/sources', 'Sources'],
    ['/wiki/Special:WantedPages', 'Wanted pages'], ['/wiki/Special:Citations', 'Citations with problems'], ['/wiki/Special:DoubleRedirects', 'Double redirects'],
  ];
  if (account && hasRole(userActor(account), 'moderator')) links.push(['/wiki/Special:Import', 'Import from MediaWiki']);
  return <nav class="wiki-tools" aria-label="Wiki tools">{links.map(([href, label], i) => <>{i ? ' · ' : ''}<a href={href}>{label}</a></>)}</nav>;
}

export interface ArticleFilm {
  readonly slug: string;
  readonly title: string;
  readonly year: number;
  readonly at: string | null;
  readonly to: string | null;
  readonly note: string | null;
}

/** An article as readers see it: lead, infobox, sections, notes, bibliography, categories, and the films that cover it. */
export function ArticlePage({ view, films, members }: { view: ArticleView; films: readonly ArticleFilm[]; members?: readonly { title: string; namespace: string }[] }) {
  const { account } = useContext(ViewerContext);
  const moderator = account ? hasRole(userActor(account), 'moderator') : false;
  return (
    <Layout title={view.title} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: view.title }]} />
      <PageTabs title={view.title} current="read" />
      <article class="wiki-article">
        <h1>{view.title}</h1>
        {view.redirectedFrom ? <p class="redirected-from">(Redirected from <a href={`${titlePath(view.redirectedFrom)}?redirect=no`}>{view.redirectedFrom}</a>)</p> : null}
        {view.old ? <p class="notice">This is an old revision of this page, saved {time(view.revision.createdAt)} by {view.revision.authorName}. <a href={titlePath(view.title)}>See the current version</a>.</p> : null}
        {view.deleted ? <p class="notice error">This page was deleted by a moderator ({view.deleted.reason}); only moderators see it.</p> : null}
        {view.redirectTo ? <p class="redirect-page">Redirect to: <PageLink title={view.redirectTo} /></p> : null}
        <Problems problems={view.problems} />
        <Html class="wiki-body" html={view.html} />
        {members ? (
          <section aria-labelledby="members">
            <h2 id="members">Pages in category “{view.title.replace(/^Category:/, '')}”</h2>
            {members.length ? <ul class="category-members">{members.map((m) => <li key={m.title}><PageLink title={m.title} /></li>)}</ul> : <p>No page is in this category yet.</p>}
          </section>
        ) : null}
        {films.length ? (
          <section aria-labelledby="films-covering">
            <h2 id="films-covering">Films on this subject</h2>
            <ul class="films-covering">
              {films.map((f) => (
                <li key={`${f.slug}${f.at ?? ''}`}>
                  <a href={`/films/${f.slug}`}><i>{f.title}</i></a> ({f.year}){f.at ? <> — at {f.at}{f.to ? `–${f.to}` : ''}</> : null}{f.note ? <> — {f.note}</> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {view.categories.length ? (
          <nav class="categories" aria-label="Categories">
            <a href="/wiki/Special:Categories">Categories</a>: {view.categories.map((c, i) => <>{i ? ' | ' : ''}<a href={titlePath(`Category:${c}`)}>{c}</a></>)}
          </nav>
        ) : null}
        <p class="page-info">Revision {view.revision.id} of this page, saved {time(view.revision.createdAt)} by {view.revision.authorName}.</p>
        {moderator ? <ModeratorForms title={view.title} deleted={view.deleted !== null} /> : null}
      </article>
      <WikiTools />
    </Layout>
  );
}

function ModeratorForms({ title, deleted }: { title: string; deleted: boolean }) {
  const { csrf } = useContext(ViewerContext);
  return (
    <form method="post" action={`${titlePath(title)}?action=${deleted ? 'restore' : 'delete'}`} class="inline moderator">
      <input type="hidden" name="_csrf" value={csrf ?? ''} />
      {deleted ? null : <><label for="delete-reason">Reason</label> <input id="delete-reason" name="reason" required maxLength={500} /></>}
      <button type="submit">{deleted ? 'Restore this page' : 'Delete this page'}</button>
    </form>
  );
}

/** A title nobody has written yet: a red link's destination, inviting its creation. */
export function MissingPage({ title, canEdit }: { title: string; canEdit: boolean }) {
  return (
    <Layout title={title} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: title }]} />
      <h1>{title}</h1>
      <p>There is no page with this title yet.</p>
      {canEdit ? <p><a href={`${titlePath(title)}?action=edit`}>Create it</a>.</p> : <p><a href={`/login?next=${encodeURIComponent(`${titlePath(title)}?action=edit`)}`}>Log in</a> as a contributor to create it.</p>}
      <p><a href={`/search?q=${encodeURIComponent(title)}`}>Search the archive for “{title}”</a>.</p>
    </Layout>
  );
}

export interface EditState {
  readonly title: string;
  readonly markup: string;
  readonly summary: string;
  readonly baseRevisionId: number | null;
  readonly preview?: { html: string; problems: readonly RenderProblem[] };
  readonly message?: string;
  readonly details?: readonly ErrorDetail[];
  /** An edit conflict: the latest revision, whose text the form now holds, beside the reader's text. */
  readonly conflict?: { readonly latest: RevisionDetail; readonly yours: string; readonly rows: readonly (DiffRow | DiffSkip)[] };
}

/** The edit form, with a preview, errors beside the text, and the conflict view when someone saved first. */
export function EditPage(s: EditState) {
  const { csrf } = useContext(ViewerContext);
  return (
    <Layout title={`Editing ${s.title}`} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: s.title, href: titlePath(s.title) }, { label: 'Edit' }]} />
      <PageTabs title={s.title} current="edit" />
      <h1>{s.baseRevisionId === null ? 'Creating' : 'Editing'} {s.title}</h1>
      {s.message ? (
        <div class="notice error" role="alert">
          <p>{s.message}</p>
          {s.details?.length ? <ul>{s.details.map((d, i) => <li key={i}>{d.path ? <code>{d.path}</code> : null} {d.message}</li>)}</ul> : null}
        </div>
      ) : null}
      {s.conflict ? (
        <section class="conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Edit conflict</h2>
          <p>Someone saved revision {s.conflict.latest.id} ({s.conflict.latest.authorName}, {time(s.conflict.latest.createdAt)}) while you were editing. The form below now holds <strong>their</strong> text; your text is beside it, and the differences under it. Copy your changes into the form, then save.</p>
          <label for="yours">Your text (not saved)</label>
          <textarea id="yours" readOnly rows={12}>{s.conflict.yours}</textarea>
          <h3>Their text → your text</h3>
          <DiffTable rows={s.conflict.rows} />
        </section>
      ) : null}
      {s.preview ? (
        <section class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p class="notice">This is only a preview; nothing is saved yet.</p>
          <Problems problems={s.preview.problems} />
          <Html class="wiki-body" html={s.preview.html} />
        </section>
      ) : null}
      <form method="post" action={`${titlePath(s.title)}?action=submit`} class="stacked wide">
        <input type="hidden" name="_csrf" value={csrf ?? ''} />
        <input type="hidden" name="baseRevisionId" value={s.baseRevisionId === null ? '' : String(s.baseRevisionId)} />
        <label for="markup">Text</label>
        <textarea id="markup" name="markup" rows={28} aria-describedby="markup-hint">{s.markup}</textarea>
        <p class="field-hint" id="markup-hint">Markdown with wiki links <code>[[Page]]</code>, citations <code>[@key, p. 12]</code>, notes <code>[^n]</code>, categories <code>[[Category:Name]]</code>. See the <a href="/wiki/Special:Markup">markup guide</a> and the <a href="/sources">sources</a>.</p>
        <label for="summary">Summary of the change</label>
        <input id="summary" name="summary" maxLength={500} value={s.summary} />
        <div class="actions">
          <button type="submit" name="do" value="save">Save</button>
          <button type="submit" name="do" value="preview">Preview</button>
        </div>
      </form>
    </Layout>
  );
}

/** A side-by-side diff: left the older text, right the newer, changed words marked. */
export function DiffTable({ rows }: { rows: readonly (DiffRow | DiffSkip)[] }) {
  return (
    <table class="diff">
      <thead><tr><th scope="col">Line</th><th scope="col">Before</th><th scope="col">Line</th><th scope="col">After</th></tr></thead>
      <tbody>
        {rows.map((r, i) => r.kind === 'skip' ? (
          <tr key={i} class="diff-skip"><td colSpan={4}>… {r.count} unchanged line{r.count === 1 ? '' : 's'} …</td></tr>
        ) : (
          <tr key={i} class={`diff-${r.kind}`}>
            <td class="diff-num">{r.left.number ?? ''}</td>
            <td class="diff-left">{r.left.parts.map((p, j) => p.change === 'removed' ? <del key={j}>{p.text}</del> : <span key={j}>{p.text}</span>)}</td>
            <td class="diff-num">{r.right.number ?? ''}</td>
            <td class="diff-right">{r.right.parts.map((p, j) => p.change === 'added' ? <ins key={j}>{p.text}</ins> : <span key={j}>{p.text}</span>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every revision of a page, with radio buttons to compare any two and a revert button on old ones. */
export function HistoryPage({ title, revisions, latestId, canEdit }: { title: string; revisions: readonly RevisionSummary[]; latestId: number; canEdit: boolean }) {
  const { csrf } = useContext(ViewerContext);
  return (
    <Layout title={`History of ${title}`} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: title, href: titlePath(title) }, { label: 'History' }]} />
      <PageTabs title={title} current="history" />
      <h1>History of {title}</h1>
      <form method="get" action={titlePath(title)}>
        <input type="hidden" name="action" value="diff" />
        <table class="history">
          <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Revision</th><th scope="col">Author</th><th scope="col">Size</th><th scope="col">Summary</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {revisions.map((r, i) => (
              <tr key={r.id}>
                <td><input type="radio" name="from" value={String(r.id)} checked={i === 1} aria-label={`Compare from revision ${r.id}`} /></td>
                <td><input type="radio" name="to" value={String(r.id)} checked={i === 0} aria-label={`Compare to revision ${r.id}`} /></td>
                <td><a href={`${titlePath(title)}?oldid=${r.id}`}>{time(r.createdAt)}</a>{r.id === latestId ? ' (current)' : ''}</td>
                <td>{r.authorName}{r.imported ? ' (imported)' : ''}</td>
                <td>{r.size.toLocaleString('en')} bytes {delta(r.sizeDelta)}</td>
                <td>{r.summary}{r.parentId !== null ? <> · <a href={`${titlePath(title)}?action=diff&from=${r.parentId}&to=${r.id}`}>diff</a></> : null}</td>
                <td>
                  {/* Its form is outside the table's (forms do not nest); the button names it. */}
                  {canEdit && r.id !== latestId ? <button type="submit" class="link" form={`revert-${r.id}`}>Revert to this</button> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {revisions.length > 1 ? <button type="submit">Compare the selected revisions</button> : null}
      </form>
      {canEdit ? revisions.filter((r) => r.id !== latestId).map((r) => (
        <form key={r.id} id={`revert-${r.id}`} method="post" action={`${titlePath(title)}?action=revert`} hidden>
          <input type="hidden" name="_csrf" value={csrf ?? ''} />
          <input type="hidden" name="revisionId" value={String(r.id)} />
        </form>
      )) : null}
      {canEdit ? <MoveForm title={title} /> : null}
    </Layout>
  );
}

function MoveForm({ title }: { title: string }) {
  const { csrf } = useContext(ViewerContext);
  return (
    <form method="post" action={`${titlePath(title)}?action=move`} class="stacked">
      <h2>Rename this page</h2>
      <p>The old title becomes a redirect to the new one.</p>
      <input type="hidden" name="_csrf" value={csrf ?? ''} />
      <label for="new-title">New title</label>
      <input id="new-title" name="to" required maxLength={200} />
      <label for="move-reason">Reason</label>
      <input id="move-reason" name="reason" maxLength={500} />
      <button type="submit">Rename</button>
    </form>
  );
}

export function DiffPage({ title, from, to, rows, stats }: { title: string; from: RevisionSummary; to: RevisionSummary; rows: readonly (DiffRow | DiffSkip)[]; stats: { added: number; removed: number } }) {
  return (
    <Layout title={`${title}: differences between revisions`} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: title, href: titlePath(title) }, { label: 'History', href: `${titlePath(title)}?action=history` }, { label: 'Diff' }]} />
      <h1>{title}: revision {from.id} → {to.id}</h1>
      <p>{from.authorName}, {time(from.createdAt)} → {to.authorName}, {time(to.createdAt)} · {stats.added} words added, {stats.removed} removed{to.summary ? <> · “{to.summary}”</> : null}</p>
      {rows.length === 0 || rows.every((r) => r.kind === 'same' || r.kind === 'skip') ? <p>The two revisions have the same text.</p> : <DiffTable rows={rows} />}
    </Layout>
  );
}

/** A list page of the wiki's own (Special:…): one heading, one list. */
export function SpecialPage({ title, intro, items, empty }: { title: string; intro?: string; items: readonly { href: string; label: string; note?: string }[]; empty: string }) {
  return (
    <Layout title={title} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: title }]} />
      <h1>{title}</h1>
      {intro ? <p>{intro}</p> : null}
      {items.length ? <ul class="special-list">{items.map((it, i) => <li key={i}><a href={it.href}>{it.label}</a>{it.note ? <> — {it.note}</> : null}</li>)}</ul> : <p>{empty}</p>}
      <WikiTools />
    </Layout>
  );
}

/** The markup guide: each example's text, and what the wiki renders from it. */
export function MarkupGuidePage({ examples }: { examples: readonly { title: string; about: string; markup: string; html: string | null }[] }) {
  return (
    <Layout title="Markup guide" section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: 'Markup guide' }]} />
      <h1>Markup guide</h1>
      <p>Pages are written in CommonMark with GFM tables, plus the wiki's links, citations, notes, categories, redirects, navigation boxes and infoboxes. Each example below is rendered by the wiki itself.</p>
      <table class="markup-guide">
        <thead><tr><th scope="col">What</th><th scope="col">You type</th><th scope="col">You get</th></tr></thead>
        <tbody>
          {examples.map((e) => (
            <tr key={e.title}>
              <th scope="row">{e.title}<p class="field-hint">{e.about}</p></th>
              <td><pre><code>{e.markup}</code></pre></td>
              <td>{e.html === null ? <span class="note">(see the text on the left)</span> : <Html class="wiki-body" html={e.html} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <WikiTools />
    </Layout>
  );
}

export function RecentChangesPage({ changes }: { changes: readonly RecentChange[] }) {
  return (
    <Layout title="Recent changes" section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: 'Recent changes' }]} />
      <h1>Recent changes</h1>
      <p>The latest revisions of every page. <a href="/wiki/Special:RecentChanges?feed=atom">Atom feed</a></p>
      <ul class="recent-changes">
        {changes.map((c) => (
          <li key={c.id}>
            {time(c.createdAt)} · <a href={titlePath(c.pageTitle)}>{c.pageTitle}</a>{c.parentId !== null ? <> (<a href={`${titlePath(c.pageTitle)}?action=diff&from=${c.parentId}&to=${c.id}`}>diff</a>)</> : ' (new page)'} · {c.authorName} {delta(c.sizeDelta)}{c.summary ? <> · {c.summary}</> : null}
          </li>
        ))}
      </ul>
      <WikiTools />
    </Layout>
  );
}
