import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { hasRole, userActor } from '../../accounts/index.ts';
import { countryName, type FilmDetail, type FilmSource, languageName, ROLES, type Release, type ReleaseLinks } from '../../catalog/index.ts';
import { type Flag, targetKey } from '../../moderation/index.ts';
import type { RatingSummary, Review } from '../../reviews/index.ts';
import type { PeerSample } from '../../tracker/index.ts';
import { type CslItem, type SourceEntry, titlePath } from '../../wiki/index.ts';
import { AddLink, Breadcrumb, PersonLink, Tabs } from '../components.tsx';
import { formatBytes, formatPartialDate, formatRuntime, ROLE_LABELS } from '../format.ts';
import { Layout } from '../layout.tsx';
import { ViewerContext } from '../viewer.ts';
import { FlagForm, FlagSummary } from './flags.parts.tsx';
import { RatingLine, ReviewItem } from './reviews.parts.tsx';
import { PeerChart, SwarmLine, type SwarmsByRelease } from './swarm.parts.tsx';

/** Open flags by `type:id` (see targetKey). */
export type FlagsByTarget = ReadonlyMap<string, readonly Flag[]>;

/** A contributor's rename form under a release, folded away. */
function ReleaseRename({ id, name }: { id: number; name: string }) {
  const { account, csrf } = useContext(ViewerContext);
  if (!account || !hasRole(userActor(account), 'contributor')) return null;
  return (
    <details class="flag-form">
      <summary>Rename<span class="visually-hidden"> release {name}</span></summary>
      <form method="post" action={`/releases/${id}/rename`} class="moderate">
        <input type="hidden" name="_csrf" value={csrf ?? ''} />
        <label for={`rename-${id}`} class="visually-hidden">New name</label>
        <input id={`rename-${id}`} name="name" value={name} required maxLength={300} />
        <button type="submit">Save the name</button>
      </form>
    </details>
  );
}

/** A moderator's take-down (or restore) form under a release. */
function ReleaseModeration({ id, takenDown, back }: { id: number; takenDown: boolean; back: string }) {
  const { account, csrf } = useContext(ViewerContext);
  if (!account || !hasRole(userActor(account), 'moderator')) return null;
  return (
    <form method="post" action={`/releases/${id}/${takenDown ? 'restore' : 'takedown'}`} class="moderate">
      <input type="hidden" name="_csrf" value={csrf ?? ''} />
      <input type="hidden" name="back" value={back} />
      <label for={`takedown-${id}`} class="visually-hidden">Reason</label>
      <input id={`takedown-${id}`} name="reason" required maxLength={1000} placeholder={takenDown ? 'Why restore it' : 'Why take it down (for the audit log)'} />
      <button type="submit">{takenDown ? 'Restore' : 'Take down'}<span class="visually-hidden"> release {id}</span></button>
    </form>
  );
}

export type FilmView = 'view' | 'releases' | 'reviews';

const filmTabs = (film: FilmDetail, view: FilmView, rating: RatingSummary, editor: boolean) => [
  { label: 'View', href: `/films/${film.slug}`, current: view === 'view' },
  { label: `Releases (${film.releases.length})`, href: `/films/${film.slug}/releases`, current: view === 'releases' },
  { label: `Reviews (${rating.count})`, href: `/films/${film.slug}/reviews`, current: view === 'reviews' },
  { label: 'History', href: `/films/${film.slug}/history`, current: false },
  ...(editor ? [{ label: 'Edit', href: `/films/${film.slug}/edit`, current: false }] : []),
];

export function FilmHeader({ film, view, rating }: { film: FilmDetail; view: FilmView; rating: RatingSummary }) {
  const { account } = useContext(ViewerContext);
  const editor = account !== null && hasRole(userActor(account), 'contributor');
  return (
    <>
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Films', href: '/films' }, { label: `${film.title} (${film.year})` }]} />
      <header class="record">
        <h1>
          {film.title} <span class="year">({film.year})</span>
        </h1>
        {film.originalTitle && film.originalTitle !== film.title ? <p class="original-title">Original title: <i>{film.originalTitle}</i></p> : null}
        <p class="meta">
          {[
            film.runtimeMinutes ? formatRuntime(film.runtimeMinutes) : undefined,
            film.countries.map((c) => countryName(c) ?? c).join(', ') || undefined,
          ].filter(Boolean).join(' · ')}
        </p>
        <RatingLine rating={rating} href={`/films/${film.slug}/reviews`} />
      </header>
      <Tabs label="Film views" tabs={filmTabs(film, view, rating, editor)} />
    </>
  );
}

/** One line of the details list: a label and its values inline; nothing when there are no values. */
function Fact<T>({ label, items, render, separator }: { label: string; items: readonly T[]; render: (item: T) => ComponentChildren; separator?: 'semi' }) {
  if (items.length === 0) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <ul class={separator ? 'inline semi' : 'inline'}>
          {items.map((item, i) => <li key={i}>{render(item)}</li>)}
        </ul>
      </dd>
    </>
  );
}

/** The links of each release (torrent, magnet, web seeds, file URLs), by release id. */
export type LinksByRelease = ReadonlyMap<number, ReleaseLinks | null>;

function Downloads({ r, links }: { r: Release; links: ReleaseLinks | null | undefined }) {
  if (!links && r.torrent?.private) return <span class="note">private release: <a href="/login">log in</a> to download</span>;
  if (!links) return <span class="note">torrent being prepared</span>;
  return (
    <ul class="inline downloads">
      {r.torrent?.private ? <li class="note">private</li> : null}
      {/* A path, not the public URL: the page works under whatever host it was reached at. */}
      <li><a href={`/releases/${r.id}.torrent`} download>.torrent</a></li>
      <li><a href={links.magnet} title={`Magnet link for ${r.name}`}>magnet</a></li>
    </ul>
  );
}

function ReleaseTable({ releases, links, swarms }: { releases: readonly Release[]; links: LinksByRelease; swarms: SwarmsByRelease }) {
  if (releases.length === 0) return <p>No releases yet.</p>;
  return (
    <div class="table-scroll">
    <table class="releases">
      <thead>
        <tr>
          <th scope="col">Release</th>
          <th scope="col">Files</th>
          <th scope="col" class="num">Size</th>
          <th scope="col">Download</th>
          {swarms ? <th scope="col">Peers</th> : null}
        </tr>
      </thead>
      <tbody>
        {releases.map((r) => (
          <tr key={r.id} id={`release-${r.id}`}>
            <th scope="row">{r.name}{r.takenDown ? <> <span class="taken-down">(taken down)</span></> : null}</th>
            <td>{r.files.map((f) => f.path).join(', ')}</td>
            <td class="num">{formatBytes(r.totalBytes)}</td>
            <td><Downloads r={r} links={links.get(r.id)} /></td>
            {swarms ? <td><SwarmLine id={r.id} counts={swarms.get(r.id)} /></td> : null}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

const PLAYABLE = /\.(mp4|m4v|webm|ogv)$/i;

/** The first file a browser can play, from the first release that has one. */
function playable(film: FilmDetail, links: LinksByRelease): { url: string; type: string } | undefined {
  for (const r of film.releases) {
    const urls = links.get(r.id)?.fileUrls;
    const i = r.files.findIndex((f) => PLAYABLE.test(f.path));
    if (urls && i >= 0) return { url: urls[i]!, type: /\.webm$/i.test(r.files[i]!.path) ? 'video/webm' : /\.ogv$/i.test(r.files[i]!.path) ? 'video/ogg' : 'video/mp4' };
  }
  return undefined;
}

/** `/films/<slug>`: everything known about one film. */
/** Wiki articles on a film's subjects, people and places, and those that say where in the film they are covered. */
export interface FilmArticles {
  readonly named: ReadonlyMap<string, string>;
  readonly covering: readonly { readonly title: string; readonly at: string | null; readonly to: string | null; readonly note: string | null }[];
}

function Background({ film, articles }: { film: FilmDetail; articles: FilmArticles }) {
  const names = [...film.subjects.map((s) => s.name), ...film.credits.map((c) => c.person.name), ...film.appearances.map((a) => a.person.name), ...film.places.map((p) => p.name)];
  const seen = new Set<string>();
  const rows: { title: string; label: string; at?: string }[] = [];
  for (const c of articles.covering) {
    rows.push({ title: c.title, label: c.title, ...(c.at ? { at: `${c.at}${c.to ? `–${c.to}` : ''}${c.note ? `: ${c.note}` : ''}` } : {}) });
    seen.add(c.title);
  }
  for (const n of names) {
    const t = articles.named.get(n);
    if (t && !seen.has(t)) {
      seen.add(t);
      rows.push({ title: t, label: t });
    }
  }
  if (!rows.length) return null;
  return (
    <section aria-labelledby="background">
      <h2 id="background">Background in the wiki</h2>
      <ul class="background">{rows.map((r) => <li key={r.title}><a href={titlePath(r.title)}>{r.label}</a>{r.at ? <> — at {r.at}</> : null}</li>)}</ul>
    </section>
  );
}

/** The registered sources among those a film cites, by key (a key the registry lacks is absent). */
export type SourcesByKey = ReadonlyMap<string, SourceEntry>;

/** A source's authors (or directors, or editors) and year, as an author-date citation's short form: "Barnouw 1993". */
function shortForm(item: CslItem): string {
  const names = ([item.author, item.director, item.editor].find((n) => n && n.length > 0) ?? []).map((n) => ('literal' in n ? n.literal : n.family));
  const who = names.length > 2 ? `${names[0]} et al.` : names.join(' and ');
  const issued = item.issued;
  const year = issued ? ('literal' in issued ? issued.literal : String(issued['date-parts'][0][0])) : '';
  return [who, year].filter(Boolean).join(' ');
}

function FilmSources({ cited, known }: { cited: readonly FilmSource[]; known: SourcesByKey }) {
  if (cited.length === 0) return null;
  return (
    <section aria-labelledby="sources">
      <h2 id="sources">Sources</h2>
      <ul class="film-sources">
        {cited.map((c) => {
          const s = known.get(c.key);
          const by = s ? shortForm(s.item) : '';
          return (
            <li key={c.key}>
              {s ? (
                <>
                  <a href={`/sources/${encodeURIComponent(c.key)}`}><cite>{s.item.title}</cite></a>
                  {by ? ` (${by})` : null}
                  {s.unreliable ? <span class="note"> (marked unreliable: {s.unreliable})</span> : null}
                </>
              ) : (
                // Catalogs may be imported before their sources: the key stays, marked, until the registry has it.
                <><code>{c.key}</code> <span class="note">(no such source in the registry)</span></>
              )}
              {c.note ? <> — {c.note}</> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function FilmPage({ film, links, swarms, rating, topReviews, flags, articles, sources }: { film: FilmDetail; links: LinksByRelease; swarms: SwarmsByRelease; rating: RatingSummary; topReviews: readonly Review[]; flags: FlagsByTarget; articles?: FilmArticles; sources?: SourcesByKey }) {
  const video = playable(film, links);
  const byRole = ROLES.map((role) => ({ role, people: film.credits.filter((c) => c.role === role) })).filter((g) => g.people.length > 0);
  return (
    <Layout title={`${film.title} (${film.year})`} section="films" description={film.synopsis.slice(0, 160)} jsonLd={filmJsonLd(film, rating, topReviews)}>
      <article class="film">
        <FilmHeader film={film} view="view" rating={rating} />
        {video ? (
          // Streams from the release's web-seed URL; the browser fetches it with range requests.
          <video class="player" controls preload="metadata" aria-label={`Play ${film.title}`}>
            <source src={video.url} type={video.type} />
            <a href={video.url}>Download the film</a>
          </video>
        ) : null}
        <section aria-labelledby="synopsis">
          <h2 id="synopsis">Synopsis</h2>
          <p>{film.synopsis}</p>
        </section>

        {articles ? <Background film={film} articles={articles} /> : null}
        <section aria-labelledby="details">
          <h2 id="details">Details</h2>
          <dl class="facts">
            <Fact label="Subjects" items={film.subjects} render={(s) => <a href={`/films?subject=${s.slug}`}>{s.name}</a>} />
            <Fact label="Filmed in" separator="semi" items={film.places} render={(p) => `${p.name}${p.country ? `, ${countryName(p.country) ?? p.country}` : ''}`} />
            <Fact label={film.countries.length === 1 ? 'Country' : 'Countries'} items={film.countries} render={(c) => <a href={`/films?country=${c}`}>{countryName(c) ?? c}</a>} />
            <Fact label={film.languages.length === 1 ? 'Language' : 'Languages'} items={film.languages} render={(l) => <a href={`/films?language=${l}`}>{languageName(l) ?? l}</a>} />
            <Fact label="Collections" items={film.collections} render={(c) => <a href={`/collections/${c.slug}`}>{c.title}</a>} />
          </dl>
        </section>

        {byRole.length ? (
          <section aria-labelledby="credits">
            <h2 id="credits">Credits</h2>
            <dl class="credits">
              {byRole.map((g) => (
                <>
                  <dt key={g.role}>{g.people.length === 1 ? ROLE_LABELS[g.role]!.one : ROLE_LABELS[g.role]!.many}</dt>
                  <dd>
                    {g.people.map((c, i) => (
                      <>
                        {i > 0 ? ', ' : ''}
                        <PersonLink person={c.person} />
                        {c.note ? <span class="note"> ({c.note})</span> : null}
                      </>
                    ))}
                  </dd>
                </>
              ))}
            </dl>
          </section>
        ) : null}

        {film.appearances.length ? (
          <section aria-labelledby="appearing">
            <h2 id="appearing">Appearing</h2>
            <ul class="appearing">
              {film.appearances.map((a) => (
                <li key={a.person.slug}>
                  <PersonLink person={a.person} />
                  {a.as ? <span class="note"> as {a.as}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {film.reception.length ? (
          <section aria-labelledby="reception">
            <h2 id="reception">Reception</h2>
            {film.reception.map((q, i) => (
              <figure class="quote" key={i}>
                <blockquote cite={q.url ?? undefined}>
                  <p>{q.quote}</p>
                </blockquote>
                <figcaption>
                  — {q.author}, <cite>{q.outlet}</cite>
                  {q.date ? `, ${formatPartialDate(q.date)}` : ''}
                  {q.url ? <> (<a href={q.url} rel="external noopener">source</a>)</> : null}
                </figcaption>
              </figure>
            ))}
          </section>
        ) : null}

        <FilmSources cited={film.sources} known={sources ?? new Map()} />

        <section aria-labelledby="releases">
          <h2 id="releases">Releases</h2>
          <ReleaseTable releases={film.releases} links={links} swarms={swarms} />
        </section>

        <section aria-labelledby="reviews">
          <h2 id="reviews">Reviews</h2>
          {topReviews.length ? (
            <ol class="reviews">{topReviews.map((r) => <ReviewItem key={r.id} review={r} film={film.slug} compact />)}</ol>
          ) : <p>No reviews yet.</p>}
          <p><a href={`/films/${film.slug}/reviews`}>{rating.count > topReviews.length ? `All ${rating.count} reviews` : 'Reviews'}, and write your own ›</a></p>
        </section>

        <section aria-labelledby="record-flags" class="record-flags">
          <h2 id="record-flags">Problems with this record</h2>
          <p><FlagSummary flags={flags.get(targetKey('film', film.slug))} /></p>
          <FlagForm type="film" id={film.slug} label={`the record of ${film.title}`} back={`/films/${film.slug}`} />
        </section>
      </article>
    </Layout>
  );
}

/**
 * schema.org Movie with its AggregateRating and the reviews shown, for search engines: the
 * rating on Kinora's 1–10 scale.
 */
function filmJsonLd(film: FilmDetail, rating: RatingSummary, reviews: readonly Review[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Movie',
    name: film.title,
    dateCreated: String(film.year),
    ...(film.credits.some((c) => c.role === 'director') ? { director: film.credits.filter((c) => c.role === 'director').map((c) => ({ '@type': 'Person', name: c.person.name })) } : {}),
    ...(rating.count && rating.average !== null ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: Number(rating.average.toFixed(1)), bestRating: 10, worstRating: 1, ratingCount: rating.count, reviewCount: rating.count } } : {}),
    ...(reviews.length ? { review: reviews.map((r) => ({ '@type': 'Review', name: r.title, author: { '@type': 'Person', name: r.author }, datePublished: r.createdAt.slice(0, 10), reviewRating: { '@type': 'Rating', ratingValue: r.rating, bestRating: 10, worstRating: 1 }, reviewBody: r.body.slice(0, 500) })) } : {}),
  };
}

/** `/films/<slug>/releases`: each release with its files, sizes and checksums. */
export function FilmReleasesPage({ film, links, swarms, history, now, rating, flags }: { film: FilmDetail; links: LinksByRelease; swarms: SwarmsByRelease; history: ReadonlyMap<number, readonly PeerSample[]>; now: Date; rating: RatingSummary; flags: FlagsByTarget }) {
  return (
    <Layout title={`Releases of ${film.title} (${film.year})`} section="films">
      <article class="film">
        <FilmHeader film={film} view="releases" rating={rating} />
        <AddLink href={`/films/${film.slug}/releases/new`} label="Add a release" />
        {film.releases.length === 0 ? <p>No releases yet.</p> : null}
        {film.releases.map((r) => (
          <section class="release" key={r.id} id={`release-${r.id}`} aria-labelledby={`release-${r.id}-name`}>
            <h2 id={`release-${r.id}-name`}>{r.name}{r.takenDown ? <> <span class="taken-down">(taken down)</span></> : null}</h2>
            <p class="meta">
              {r.files.length} {r.files.length === 1 ? 'file' : 'files'}, {formatBytes(r.totalBytes)} · added {formatPartialDate(r.createdAt.slice(0, 10))}
            </p>
            <p class="release-flags"><FlagSummary flags={flags.get(targetKey('release', r.id))} /></p>
            <FlagForm type="release" id={r.id} label={r.name} back={`/films/${film.slug}/releases#release-${r.id}`} />
            <ReleaseModeration id={r.id} takenDown={r.takenDown} back={`/films/${film.slug}/releases#release-${r.id}`} />
            <ReleaseRename id={r.id} name={r.name} />
            <TorrentFacts r={r} links={links.get(r.id)}>
              {swarms ? (
                <>
                  <dt>Peers now</dt>
                  <dd><SwarmLine id={r.id} counts={swarms.get(r.id)} /></dd>
                  <dt>Last 7 days</dt>
                  <dd><PeerChart samples={history.get(r.id) ?? []} now={now} /></dd>
                </>
              ) : null}
            </TorrentFacts>
            <table class="files">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" class="num">Size</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {r.files.map((f, i) => (
                  <tr key={f.path}>
                    <th scope="row">{links.get(r.id) ? <a href={links.get(r.id)!.fileUrls[i]}>{f.path}</a> : f.path}</th>
                    <td class="num">{formatBytes(f.bytes)}</td>
                    <td><code class="hash">{f.sha256}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </article>
    </Layout>
  );
}


/** A release's torrent: versions, infohashes, and where to get it. */
function TorrentFacts({ r, links, children }: { r: Release; links: ReleaseLinks | null | undefined; children?: ComponentChildren }) {
  const t = r.torrent;
  if (t?.private && !links) return <p class="note">A private release: its torrent and links are for signed-in readers (<a href="/login">log in</a>), and name each reader with a passkey.</p>;
  if (!t || !links) return <p class="note">The torrent of this release is being prepared.</p>;
  return (
    <dl class="facts torrent">
      <dt>Torrent</dt>
      <dd>
        {t.version === 'hybrid' ? 'BitTorrent v1 + v2 (hybrid)' : t.version === 'v2' ? 'BitTorrent v2' : 'BitTorrent v1'}, pieces of {formatBytes(t.pieceLength)}
      </dd>
      {t.infohashV1 ? (<><dt>Infohash v1</dt><dd><code class="hash">{t.infohashV1}</code></dd></>) : null}
      {t.infohashV2 ? (<><dt>Infohash v2</dt><dd><code class="hash">{t.infohashV2}</code></dd></>) : null}
      <dt>Download</dt>
      <dd><Downloads r={r} links={links} /></dd>
      <dt>Web seeds</dt>
      <dd>
        <ul class="plain">
          {links.webSeedUrls.map((u) => <li key={u}><code class="hash">{u}</code></li>)}
        </ul>
      </dd>
      {children}
    </dl>
  );
}
