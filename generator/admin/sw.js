// Answers, from the site itself, the addresses on other hosts that the editor asks for: its
// fonts and Immutable.js (the same files, from npm's @fontsource and immutable packages,
// checked and copied into vendor/), its update check (answered with the pinned version: the site updates it on purpose, with
// `python -m generator.editor_vendor --update`) and GitHub's status page (answered "unknown",
// which shows no banner). Everything else goes to the network as usual. Made by
// generator/editor.py; the lists below come from generator/editor.lock.json.
'use strict';

const FILES = $files;
const ANSWERS = $answers;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
// start.js asks again when a page loaded without the worker (a first visit, a hard reload).
self.addEventListener('message', (event) => {
  if (event.data === 'claim') {
    event.waitUntil(self.clients.claim());
  }
});
self.addEventListener('fetch', (event) => {
  const { url } = event.request;
  if (Object.hasOwn(FILES, url)) {
    event.respondWith(fetch(new URL(FILES[url], self.registration.scope)));
  } else if (Object.hasOwn(ANSWERS, url)) {
    event.respondWith(new Response(JSON.stringify(ANSWERS[url]), {
      headers: { 'Content-Type': 'application/json' },
    }));
  }
});
