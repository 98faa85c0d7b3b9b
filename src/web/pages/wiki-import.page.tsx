import { useContext } from 'preact/hooks';
import { type ImportReport, titlePath } from '../../wiki/index.ts';
import { Breadcrumb } from '../components.tsx';
import { formatBytes } from '../format.ts';
import { Layout } from '../layout.tsx';
import { ViewerContext } from '../viewer.ts';

const STATUS: Readonly<Record<ImportReport['pages'][number]['status'], string>> = {
  created: 'created', updated: 'newer revisions added', unchanged: 'already imported', skipped: 'not imported',
};

/** Moderators import a MediaWiki XML export: the form, and after it what was (or would be) written, page by page. */
export function ImportPage({ maxBytes, report, message }: { maxBytes: number; report?: ImportReport; message?: string }) {
  const { csrf } = useContext(ViewerContext);
  return (
    <Layout title="Import from MediaWiki" section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: 'Import' }]} />
      <h1>Import from MediaWiki</h1>
      <p>
        Upload an XML export of another wiki (its <code>Special:Export</code> page with “Include only the current revision” unticked, or <code>dumpBackup.php --full</code>).
        Articles and categories come with their history, each revision under its author and time; citation templates become sources; headings, emphasis, links, lists,
        tables, references, categories and redirects are converted. What could not be converted is listed below for each page. Importing the same export again changes
        nothing, and a newer export of the same wiki adds only the newer revisions.
      </p>
      {message ? <p class="notice error" role="alert">{message}</p> : null}
      {/* The CSRF token comes first: the server checks it before it reads the file. */}
      <form method="post" action="/wiki/Special:Import" enctype="multipart/form-data" class="stacked wide">
        <input type="hidden" name="_csrf" value={csrf ?? ''} />
        <div>
          <input type="checkbox" id="f-dry" name="dryRun" value="1" /> <label for="f-dry" class="inline-label">Only show what would be imported</label>
        </div>
        <div>
          <label for="f-dump">Export file</label>
          <input id="f-dump" name="dump" type="file" accept=".xml,application/xml,text/xml" required aria-describedby="f-dump-hint" />
          <p class="field-hint" id="f-dump-hint">Up to {formatBytes(maxBytes)}; a larger wiki is imported in parts.</p>
        </div>
        <div><button type="submit">Import</button></div>
      </form>
      {report ? <Report report={report} /> : null}
    </Layout>
  );
}

function Report({ report }: { report: ImportReport }) {
  const { totals } = report;
  return (
    <section class="import-report" aria-labelledby="report-title">
      <h2 id="report-title">{report.dryRun ? 'What importing would do' : 'Imported'}{report.siteName ? <> from {report.siteName}</> : null}</h2>
      <p>
        {totals.pages} page{totals.pages === 1 ? '' : 's'} and {totals.revisions} revision{totals.revisions === 1 ? '' : 's'}{report.dryRun ? ' would be written' : ' written'}, {' '}
        {totals.sources} source{totals.sources === 1 ? '' : 's'} added, {totals.unconverted} thing{totals.unconverted === 1 ? '' : 's'} left to finish by hand.
      </p>
      <table class="import-pages">
        <thead><tr><th>Page</th><th>Result</th><th>Revisions</th><th>Sources</th><th>Not converted</th></tr></thead>
        <tbody>
          {report.pages.map((p) => (
            <tr key={p.title} class={`import-${p.status}`}>
              <td>{report.dryRun || p.status === 'skipped' ? p.title : <a href={`${titlePath(p.title)}?redirect=no`}>{p.title}</a>}</td>
              <td>{STATUS[p.status]}{p.reason ? <>: {p.reason}</> : null}</td>
              <td>{p.revisions}</td>
              <td>
                {p.sources.created.length ? <>added {p.sources.created.map((k, i) => <>{i ? ', ' : ''}{report.dryRun ? <code>{k}</code> : <a href={`/sources/${encodeURIComponent(k)}`}><code>{k}</code></a>}</>)}. </> : null}
                {p.sources.existing.length ? <>already here: {p.sources.existing.map((k, i) => <>{i ? ', ' : ''}<code>{k}</code></>)}. </> : null}
                {p.sources.refused.map((r) => <div key={r.key} class="error"><code>{r.key}</code> not added: {r.reason}</div>)}
              </td>
              <td>{p.unconverted.length ? <ul>{p.unconverted.map((u, i) => <li key={i}>{u}</li>)}</ul> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.skipped.length ? (
        <>
          <h3>Not imported</h3>
          <ul class="special-list">{report.skipped.map((s) => <li key={`${s.ns}:${s.title}`}>{s.title} — {s.reason}</li>)}</ul>
        </>
      ) : null}
    </section>
  );
}
