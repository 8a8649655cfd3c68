// Starts the editor (Sveltia CMS) once the service worker (sw.js) controls this page, so that
// what the editor asks other hosts for (its fonts, Immutable.js for the preview, its update
// and status checks) is answered from the site's own checked copies: not one request leaves
// the site before sign-in. Where a browser offers no service worker, the editor still starts,
// without the custom preview (which is what needs Immutable.js).
'use strict';

function load(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

async function controlled() {
  const workers = navigator.serviceWorker;
  if (!workers) {
    return false;
  }
  try {
    const registration = await workers.register('sw.js', { scope: './' });
    if (!workers.controller) {
      // A first visit, or a reload that bypassed the worker: ask it to take this page.
      const change = new Promise((resolve) => {
        workers.addEventListener('controllerchange', resolve, { once: true });
      });
      const worker = registration.active || registration.waiting || registration.installing;
      worker.postMessage('claim');
      await change;
    }
    return true;
  } catch (error) {
    console.warn('The editor runs without its service worker:', error);
    return false;
  }
}

(async () => {
  const local = await controlled();
  window.CMS_MANUAL_INIT = true;
  await load('sveltia-cms.js');
  if (local) {
    // The preview's words in each language of the site (generator/editor.py, preview_words).
    window.exercisePreview = await (await fetch('preview.json')).json();
    await load('preview.js');
  }
  window.CMS.init();
})();
