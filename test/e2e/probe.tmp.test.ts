import { it } from 'vitest';
import { createTestArchive } from '../support/archive.ts';
import { DIALECTS } from '../support/databases.ts';
it('probe', async () => {
  const a = await createTestArchive(DIALECTS[0]!, { KINORA_DEMO: '1' });
  for (const q of ['Mississippi', 'dust bowl', 'flood', 'Samoa', 'war']) {
    const r = await a.app.inject({ url: `/search?q=${encodeURIComponent(q)}` });
    const body = r.body.slice(r.body.indexOf('<main'), r.body.indexOf('</main>'));
    console.log('=== ', q, r.statusCode, body.replace(/<\/li>/g, '</li>\n').slice(0, 3000));
  }
  await a.destroy();
});
