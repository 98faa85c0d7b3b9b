import { Breadcrumb } from '../components.tsx';
import { formatBytes } from '../format.ts';
import { Layout } from '../layout.tsx';

/** The form that uploads a release: files, a name, and the torrent's kind. */
export function NewReleasePage({ slug, title, csrf, maxFileBytes, state }: { slug: string; title: string; csrf: string; maxFileBytes: number; state?: { message: string } }) {
  return (
    <Layout title={`New release of ${title}`} section="films">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Films', href: '/films' }, { label: title, href: `/films/${slug}` }, { label: 'New release' }]} />
      <h1>New release of <i>{title}</i></h1>
      <p>One file, or several (a video and its subtitles) for a release in a folder. The archive stores them, makes the torrent and serves them as a web seed; the browser shows the upload's progress, and hashing a large file takes a few seconds per gigabyte after it.</p>
      {state ? <p class="notice error" role="alert">{state.message}</p> : null}
      {/* The CSRF token comes first: the server checks it before it reads any file. */}
      <form method="post" action={`/films/${slug}/releases/new`} enctype="multipart/form-data" class="stacked wide">
        <input type="hidden" name="_csrf" value={csrf} />
        <div>
          <label for="f-name">Name (optional)</label>
          <input id="f-name" name="name" maxLength={300} aria-describedby="f-name-hint" />
          <p class="field-hint" id="f-name-hint">Default: the file's name, or the film's title for several files.</p>
        </div>
        <div>
          <input type="checkbox" id="f-v1" name="v1Only" value="1" /> <label for="f-v1" class="inline-label">v1 torrent only (for clients that cannot read hybrid torrents, such as Transmission 3)</label>
        </div>
        <div>
          <input type="checkbox" id="f-private" name="private" value="1" /> <label for="f-private" class="inline-label">Private: only signed-in readers download it, each with their own passkey</label>
        </div>
        <div>
          <label for="f-files">Files</label>
          <input id="f-files" name="files" type="file" multiple required aria-describedby="f-files-hint" />
          <p class="field-hint" id="f-files-hint">Up to {formatBytes(maxFileBytes)} a file. File names with \ : " &lt; &gt; | ? * are refused (some clients cannot save them).</p>
        </div>
        <div><button type="submit">Upload and publish</button></div>
      </form>
    </Layout>
  );
}
