// The editor's preview of an exercise, laid out like its page on the site: the title, the
// subtitle, the badges, then the sections in the page's order (generator/templates/
// exercise.md.j2) under the page's headings. Markdown is shown by the editor's own preview.
// Every word around the therapist's text comes from preview.json, made at build time from the
// site's gettext catalogue and site_data.yaml, in the language of the exercise shown (the
// translation being edited), written right to left where that language is: this file has no
// words of its own.
'use strict';

(() => {
  const { CMS, h, exercisePreview: site } = window;
  // Entries reach a preview template as Immutable.js values; plain objects are read the same.
  const get = (object, key) => (object && object.get ? object.get(key) : object?.[key]);
  const plain = (value) => (value && value.toJS ? value.toJS() : value);

  // The language of the exercise shown: of the site's languages, the one the entry does not
  // carry as another language's data (`i18n`, by language); a site in one language has its
  // own.
  function languageOf(entry) {
    const others = Object.keys(plain(entry.get('i18n')) || {});
    const shown = Object.keys(site.languages).filter((l) => !others.includes(l));
    return shown.length === 1 ? shown[0] : site.language;
  }

  // A catalogue message with its `%(name)s` placeholders filled by elements or text.
  function filled(message, values) {
    return message.split(/%\((\w+)\)[sd]/).map((part, i) => (i % 2 ? values[part] : part));
  }

  function ExercisePreview({ entry, widgetFor, widgetsFor }) {
    const language = languageOf(entry);
    const words = site.languages[language];
    const say = words.words;
    const label = (kind, id) => words[kind][id]?.label ?? id;
    const value = (key) => plain(entry.getIn(['data', ...key.split('.')]));
    const items = (key) => value(key) || [];
    const section = (key, title, ...content) => [
      h('h2', { key: `${key}-heading` }, title),
      h('div', { key, className: `ex-${key}` }, ...content),
    ];
    const page = [h('h1', { key: 'title' }, value('title') || '')];
    if (value('subtitle')) {
      page.push(h('p', { key: 'subtitle', className: 'ex-subtitle' }, value('subtitle')));
    }
    const badges = [];
    if (value('difficulty')) {
      const difficulty = words.difficulties[value('difficulty')];
      badges.push(h('span', { key: 'difficulty', className: 'ex-badge' },
        difficulty ? `${difficulty.label} – ${difficulty.description}` : value('difficulty')));
    }
    const time = value('time') || {};
    const minutes = time.minutes && time.up_to
      ? filled(say.range, { least: time.minutes, most: time.up_to }).join('')
      : time.minutes ? words.minutes[time.minutes - 1] ?? `${time.minutes}` : '';
    if (minutes || time.how_often) {
      badges.push(h('span', { key: 'time', className: 'ex-time' },
        `${say.time} ${[minutes, time.how_often].filter(Boolean).join(' · ')}`));
    }
    if (items('audience').length) {
      badges.push(h('span', { key: 'audience', className: 'ex-audience' },
        `${say.audience} ${items('audience').map((id) => label('audiences', id)).join(', ')}`));
    }
    if (value('recommended')) {
      badges.push(h('span', { key: 'recommended', className: 'ex-badge' },
        `★ ${say.recommended}`));
    }
    if (value('source.book')) {
      const insight = value('source.insight');
      const book = words.books[value('source.book')];
      const work = h('cite', { key: 'cite' }, label('books', value('source.book')));
      badges.push(h('span', { key: 'citation', className: 'ex-citation' },
        ...(insight && book
          ? filled(say.insight, { number: insight, total: book.insights, book: work })
          : filled(say.from, { book: work }))));
    }
    page.push(h('p', { key: 'meta', className: 'ex-meta' }, ...badges));
    if (items('tags').length) {
      page.push(h('p', { key: 'tags', className: 'ex-tags' },
        `${say.themes} ${items('tags').map((id) => label('tags', id)).join(', ')}`));
    }
    page.push(h('div', { key: 'summary', className: 'ex-summary' }, widgetFor('summary')));
    if (value('outcome')) {
      page.push(...section('outcome', say.outcome, widgetFor('outcome')));
    }
    if (value('cautions')) {
      page.push(h('div', { key: 'cautions', className: 'admonition danger ex-cautions',
        role: 'note' }, h('p', { className: 'admonition-title' },
        say.cautions), widgetFor('cautions')));
    }
    if (items('principles').length) {
      page.push(...section('principles', say.principles, h('ul', null,
        ...items('principles').map((_, i) => h('li', { key: i }, widgetFor(`principles.${i}`))))));
    }
    // widgetsFor gives, for each item of a list, its values (`data`) and previews (`widgets`).
    const steps = widgetsFor('steps') || [];
    page.push(...section('steps', value('steps_title') || say.steps,
      ...steps.map((step, i) => h('div', { key: i, className: 'ex-step' },
        h('h3', null, `${i + 1}. ${get(get(step, 'data'), 'title') ?? ''}`),
        get(get(step, 'widgets'), 'body')))));
    const examples = widgetsFor('examples') || [];
    if (examples.length) {
      const heading = words.examples[Math.min(examples.length, words.examples.length) - 1];
      page.push(...section('examples', heading,
        ...examples.map((example, i) => h('div', { key: i, className: 'admonition example' },
          h('p', { className: 'admonition-title' },
            get(get(example, 'data'), 'title') || words.examples[0]),
          get(get(example, 'widgets'), 'story')))));
    }
    if (items('reflection_questions').length) {
      page.push(...section('questions', say.questions, h('ol', null,
        ...items('reflection_questions').map((q, i) => h('li', { key: i }, q)))));
    }
    if (items('tips').length) {
      page.push(...section('tips', say.tips, h('div', { className: 'admonition tip' },
        h('p', { className: 'admonition-title' }, say.tips_title),
        h('ul', null, ...items('tips').map((tip, i) => h('li', { key: i }, tip))))));
    }
    const log = value('practice_log');
    if (log && (log.columns || []).length) {
      const days = Math.min(Math.max(log.days || 1, 1), words.log.length);
      page.push(...section('log', say.log, h('p', null,
        `${words.log[days - 1]} ${log.columns.join('; ')}. ${say.log_note}`)));
    }
    if (value('background')) {
      page.push(...section('background', say.background, widgetFor('background')));
    }
    if (items('references').length) {
      page.push(...section('references', say.references, h('ol', null,
        ...items('references').map((r, i) => h('li', { key: i },
          [r.citation, r.doi && `doi:${r.doi}`, r.link].filter(Boolean).join(' '))))));
    }
    if (value('for_therapists')) {
      page.push(h('details', { key: 'for-therapists', className: 'admonition note' },
        h('summary', null, say.for_therapists),
        widgetFor('for_therapists')));
    }
    if (items('related').length) {
      page.push(...section('related', say.related, h('ul', null,
        ...items('related').map((slug) => h('li', { key: slug }, slug)))));
    }
    return h('article', { className: 'ex-page', lang: language, dir: words.dir }, ...page);
  }

  CMS.registerPreviewTemplate('exercises', ExercisePreview);
  CMS.registerPreviewStyle(new URL('preview.css', document.baseURI).href);
})();
