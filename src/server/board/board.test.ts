/** Pure parts of the board: reading what a person typed into the search, and the escaping template. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSearch } from './service.ts';
import { href, html, langOf, raw, t } from './render.ts';

test('search words leave out the administrative words and keep names', () => {
  assert.deepEqual(parseSearch('ต.ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์'), { words: ['ในเมือง', 'เมืองสุรินทร์', 'สุรินทร์'], whole: 'ในเมือง อ.เมืองสุรินทร์ จ.สุรินทร์', code: null });
  assert.deepEqual(parseSearch('ตำบลในเมือง').words, ['ในเมือง']);
  assert.deepEqual(parseSearch('ตำบล ในเมือง อำเภอ เมืองสุรินทร์').words, ['ในเมือง', 'เมืองสุรินทร์']);
  assert.deepEqual(parseSearch('Tambon Nai Mueang, Surin province').words, ['nai', 'mueang', 'surin']);
  assert.equal(parseSearch('  Nai   Mueang ').whole, 'nai   mueang');
  assert.deepEqual(parseSearch('320101'), { words: [], whole: '', code: '320101' });
  assert.deepEqual(parseSearch('TH 320101').code, '320101');
  assert.deepEqual(parseSearch('ตำบล').words, [], 'nothing but an administrative word finds nothing');
  assert.equal(parseSearch('a b c d e f g').words.length, 5);
  assert.ok(parseSearch('ก'.repeat(500)).words[0].length <= 100);
});

test('the template escapes every value unless it is markup already', () => {
  const comment = '<script>alert("x")</script> & \'quote\'';
  assert.equal(html`<p title="${comment}">${comment}</p>`.value,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;</p>');
  assert.equal(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.value, '<ul>&lt;a&gt;<li>b</li></ul>');
  assert.equal(html`${null}${undefined}${false}${true}${0}`.value, '0');
  assert.equal(html`${raw('<b>ok</b>')}`.value, '<b>ok</b>');
  // A filled-in string is text too: the value is escaped where the template puts it.
  assert.equal(html`${t('th', 'boardResults', { q: '<i>x</i>', n: 2 })}`.value, 'ผลการค้นหา “&lt;i&gt;x&lt;/i&gt;” พบ 2 ตำบล');
});

test('the language is English only when asked for exactly, and links keep it', () => {
  assert.equal(langOf('en'), 'en');
  for (const v of ['EN', 'th', '', undefined, ['en'], '"><script>', 'en-US']) assert.equal(langOf(v), 'th');
  assert.equal(href('th', '/board/t/320101'), '/board/t/320101');
  assert.equal(href('en', '/board/t/320101'), '/board/t/320101?lang=en');
  assert.equal(href('en', '/board', { q: 'ใน เมือง&x' }), '/board?q=%E0%B9%83%E0%B8%99+%E0%B9%80%E0%B8%A1%E0%B8%B7%E0%B8%AD%E0%B8%87%26x&lang=en');
});
