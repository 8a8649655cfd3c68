// The editor's preview of an exercise, laid out like its page on the site: the title, the
// subtitle, the badges, then the sections in the page's order (generator/templates/
// exercise.md.j2) under the page's headings. Markdown is shown by the editor's own preview.
// The labels of difficulties, tags, audiences and books come from site_data.yaml
// (choices.json).
'use strict';

(() => {
  const { CMS, h, exerciseChoices: choices } = window;
  // Entries reach a preview template as Immutable.js values; plain objects are read the same.
  const get = (object, key) => (object && object.get ? object.get(key) : object?.[key]);
  const label = (kind, id) => choices[kind][id]?.label ?? id;

  function ExercisePreview({ entry, widgetFor, widgetsFor }) {
    const value = (key) => {
      const found = entry.getIn(['data', ...key.split('.')]);
      return found && found.toJS ? found.toJS() : found;
    };
    const items = (key) => value(key) || [];
    const section = (key, title, ...content) => [
      h('h2', { key: `${key}-heading` }, title),
      h('div', { key, className: `ex-${key}` }, ...content),
    ];
    const page = [h('h1', { key: 'title' }, value('title') || 'Untitled exercise')];
    if (value('subtitle')) {
      page.push(h('p', { key: 'subtitle', className: 'ex-subtitle' }, value('subtitle')));
    }
    const badges = [];
    if (value('difficulty')) {
      const difficulty = choices.difficulties[value('difficulty')];
      badges.push(h('span', { key: 'difficulty', className: 'ex-badge' },
        difficulty ? `${difficulty.label} – ${difficulty.description}` : value('difficulty')));
    }
    const time = value('time') || {};
    const minutes = time.up_to ? `${time.minutes}–${time.up_to} minutes`
      : time.minutes ? `${time.minutes} minute${time.minutes === 1 ? '' : 's'}` : '';
    if (minutes || time.how_often) {
      badges.push(h('span', { key: 'time', className: 'ex-time' },
        `Time: ${[minutes, time.how_often].filter(Boolean).join(' · ')}`));
    }
    if (items('audience').length) {
      badges.push(h('span', { key: 'audience', className: 'ex-audience' },
        `For: ${items('audience').map((id) => label('audiences', id)).join(', ')}`));
    }
    if (value('recommended')) {
      badges.push(h('span', { key: 'recommended', className: 'ex-badge' }, '★ Recommended'));
    }
    if (value('source.book')) {
      const insight = value('source.insight');
      const book = choices.books[value('source.book')];
      badges.push(h('span', { key: 'citation', className: 'ex-citation' },
        insight && book ? `Insight ${insight} of ${book.insights} of ` : 'From ',
        h('cite', null, label('books', value('source.book')))));
    }
    page.push(h('p', { key: 'meta', className: 'ex-meta' }, ...badges));
    if (items('tags').length) {
      page.push(h('p', { key: 'tags', className: 'ex-tags' },
        `Themes: ${items('tags').map((id) => label('tags', id)).join(', ')}`));
    }
    page.push(h('div', { key: 'summary', className: 'ex-summary' }, widgetFor('summary')));
    if (value('outcome')) {
      page.push(...section('outcome', "What You'll Achieve", widgetFor('outcome')));
    }
    if (value('cautions')) {
      page.push(h('div', { key: 'cautions', className: 'admonition danger ex-cautions',
        role: 'note' }, h('p', { className: 'admonition-title' },
        'Cautions: when not to do this exercise, or when to stop'), widgetFor('cautions')));
    }
    if (items('principles').length) {
      page.push(...section('principles', 'Key principles', h('ul', null,
        ...items('principles').map((_, i) => h('li', { key: i }, widgetFor(`principles.${i}`))))));
    }
    // widgetsFor gives, for each item of a list, its values (`data`) and previews (`widgets`).
    const steps = widgetsFor('steps') || [];
    page.push(...section('steps', value('steps_title') || 'Steps',
      ...steps.map((step, i) => h('div', { key: i, className: 'ex-step' },
        h('h3', null, `${i + 1}. ${get(get(step, 'data'), 'title') ?? ''}`),
        get(get(step, 'widgets'), 'body')))));
    const examples = widgetsFor('examples') || [];
    if (examples.length) {
      page.push(...section('examples', examples.length > 1 ? 'Examples' : 'Example',
        ...examples.map((example, i) => h('div', { key: i, className: 'admonition example' },
          h('p', { className: 'admonition-title' },
            get(get(example, 'data'), 'title') || 'Example'),
          get(get(example, 'widgets'), 'story')))));
    }
    if (items('reflection_questions').length) {
      page.push(...section('questions', 'Reflection Questions', h('ol', null,
        ...items('reflection_questions').map((q, i) => h('li', { key: i }, q)))));
    }
    if (items('tips').length) {
      page.push(...section('tips', 'Personalization Tips', h('div', { className: 'admonition tip' },
        h('p', { className: 'admonition-title' }, 'Make it your own'),
        h('ul', null, ...items('tips').map((tip, i) => h('li', { key: i }, tip))))));
    }
    const log = value('practice_log');
    if (log && (log.columns || []).length) {
      const days = log.days || 7;
      page.push(...section('log', 'Practice log', h('p', null,
        `Keep a log for ${days} day${days === 1 ? '' : 's'}, noting each day: `,
        `${log.columns.join('; ')}. The worksheet has the table to fill in.`)));
    }
    if (value('background')) {
      page.push(...section('background', 'Background', widgetFor('background')));
    }
    if (items('references').length) {
      page.push(...section('references', 'References', h('ol', null,
        ...items('references').map((r, i) => h('li', { key: i },
          [r.citation, r.doi && `doi:${r.doi}`, r.link].filter(Boolean).join(' '))))));
    }
    if (value('for_therapists')) {
      page.push(h('details', { key: 'for-therapists', className: 'admonition note' },
        h('summary', null, 'For therapists: introducing and debriefing the exercise'),
        widgetFor('for_therapists')));
    }
    if (items('related').length) {
      page.push(...section('related', 'Related exercises', h('ul', null,
        ...items('related').map((slug) => h('li', { key: slug }, slug)))));
    }
    return h('article', { className: 'ex-page' }, ...page);
  }

  CMS.registerPreviewTemplate('exercises', ExercisePreview);
  CMS.registerPreviewStyle(new URL('preview.css', document.baseURI).href);
})();
