/* The site's search: Material's search box (overrides/partials/search.html) asking the Pagefind
   index that `make site` writes to pagefind/ (generator/search.py).

   What loads when: once the page has loaded and the browser is idle (unless the reader asked
   to save data), Pagefind's script, its web worker, its WebAssembly and the index's small
   table of contents, so that a first search does not wait for them (on a slow phone fetching
   and starting them took longer than the search itself); failing that, as soon as a reader
   reaches for the search (points at it, focuses it, presses "/", "s" or "f"). Each query then
   fetches only the index chunks for its words and the text of the results it shows.
   Addresses are relative to this script, so the site works from any sub-path (GitHub Pages'
   /<repository>/) and in `make serve`.

   The filters (who an exercise is for, how long it takes) narrow a query's results, or, with
   no words typed, list every exercise they match (Pagefind's filters, which each exercise
   page sets with data-pagefind-filter).

   Results are written with DOM methods: titles as text, excerpts as text with Pagefind's
   <mark> around the words found, so no page's content is ever parsed as live HTML here. */
(function () {
  "use strict";

  var BATCH = 10;  // results whose text is fetched at a time; more as the list is scrolled
  var SECTIONS = 3;  // sections (steps, questions...) shown under a page
  var PAUSE = 60;  // ms without a keystroke before a query runs (typing fetches ahead)

  var dialog = document.querySelector("[data-site-search]");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) return;
  var input = dialog.querySelector(".md-search__input");
  var form = dialog.querySelector(".md-search__form");
  var output = dialog.querySelector(".md-search-result");
  var meta = output.querySelector(".md-search-result__meta");
  var list = output.querySelector(".md-search-result__list");
  var selects = Array.prototype.slice.call(dialog.querySelectorAll("[data-search-filter]"));
  // The whole site's root, where pagefind/ is: this language's root (two folders up from
  // this script), or, for a language in its own folder, data-root from there (main.html).
  var root = new URL(document.currentScript.getAttribute("data-root") || "",
                     new URL("../../", document.currentScript.src));
  var loading = null;
  var ticket = 0;
  var timer = 0;
  var busy = false;  // a query is with Pagefind
  var waiting = null;  // the query typed meanwhile
  var more = null;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function say(text) {
    meta.textContent = text;
  }

  function count(n) {
    if (n === 0) return output.getAttribute("data-none");
    if (n === 1) return output.getAttribute("data-one");
    return output.getAttribute("data-other").replace("#", String(n));
  }

  /* Pagefind's excerpt is the page's text (escaped) with <mark> around the words found: it is
     parsed inert in a <template> and only its text and its marks are copied. */
  function excerpt(html) {
    var p = document.createElement("p");
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function link(url, heading, title, text, icon) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (icon) {
      article.className += " md-search-result__article--document";
      var glyph = document.createElement("div");
      glyph.className = "md-search-result__icon md-icon";
      article.appendChild(glyph);
    }
    var h = document.createElement(heading);
    h.textContent = title;
    article.appendChild(h);
    if (text) article.appendChild(excerpt(text));
    a.appendChild(article);
    return a;
  }

  /* One page: its title, then the sections where the words are most often (each linking to
     its heading's anchor); the page's own excerpt when no section stands out. */
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url && sub.anchor && sub.anchor.element !== "h1";
    }).sort(function (a, b) {
      return (b.locations || []).length - (a.locations || []).length;
    }).slice(0, SECTIONS);
    li.appendChild(link(data.url, "h1", data.meta.title || data.url,
                        sections.length ? "" : data.excerpt, true));
    sections.forEach(function (sub) {
      li.appendChild(link(sub.url, "h2", sub.title, sub.excerpt, false));
    });
    return li;
  }

  /* Results appear one by one as their text arrives (fetched together), in rank order; the
     first one is shown as soon as it can be. The list's data-query says which query it shows,
     data-complete that the whole first batch is there, data-failed that the query could not
     be run (the index could not load, or was replaced while it was read). */
  function show(mine, query, results, from) {
    var chain = Promise.resolve();
    results.slice(from, from + BATCH).map(function (result) {
      return result.data();
    }).forEach(function (data, at) {
      chain = chain.then(function () { return data; }).then(function (page) {
        if (mine !== ticket) return;
        if (from === 0 && at === 0) begin(query, results.length);
        list.appendChild(item(page));
      });
    });
    return chain.then(function () {
      if (mine !== ticket) return;
      if (from === 0) {
        if (!results.length) begin(query, 0);
        output.setAttribute("data-complete", query);
      }
      if (more) more.disconnect();
      more = null;
      var next = from + BATCH;
      if (next < results.length && "IntersectionObserver" in window) {
        more = new IntersectionObserver(function (entries) {
          if (!entries[0].isIntersecting || !more) return;
          more.disconnect();
          more = null;
          show(mine, query, results, next);
        });
        more.observe(list.lastElementChild);
      }
    });
  }

  function begin(query, found) {
    list.textContent = "";
    say(count(found));
    output.setAttribute("data-query", query);
  }

  /* The filters chosen, as Pagefind takes them ({audience: "couple"}), or null for none. */
  function chosen() {
    var filters = null;
    selects.forEach(function (select) {
      if (!select.value) return;
      filters = filters || {};
      filters[select.getAttribute("data-search-filter")] = select.value;
    });
    return filters;
  }

  /* What the list shows: the words typed and the filters chosen, as one text. */
  function described(query, filters) {
    if (!filters) return query;
    return (query ? query + " " : "") + JSON.stringify(filters);
  }

  /* One query at a time: Pagefind's worker answers in turn, so queries sent for each pause in
     the typing would queue up ahead of the last one. A query typed while another is being
     searched waits for it, and only the latest waiting one runs. */
  function search(query) {
    var mine = ++ticket;
    var filters = chosen();
    output.removeAttribute("data-complete");
    output.removeAttribute("data-failed");
    if (!query && !filters) {
      waiting = null;
      begin("", 0);
      say(output.getAttribute("data-placeholder"));
      output.setAttribute("data-complete", "");
      return;
    }
    if (busy) {
      waiting = query;
      return;
    }
    busy = true;
    load().then(function (pagefind) {
      return pagefind.search(query || null, filters ? { filters: filters } : {});
    }).then(function (found) {
      busy = false;
      if (waiting !== null) return search(next());
      if (mine === ticket) return show(mine, described(query, filters), found.results, 0);
    }).catch(function () {  // the failed request is in the browser's console
      busy = false;
      if (waiting !== null) return search(next());
      if (mine !== ticket) return;
      say(output.getAttribute("data-error"));
      output.setAttribute("data-failed", described(query, filters));
    });
  }

  function next() {
    var query = waiting;
    waiting = null;
    return query;
  }

  /* Typing: the words' index chunks are fetched at each key; the query runs once typing
     pauses, and only the latest query's results are ever shown. */
  function typed() {
    var query = input.value.trim();
    clearTimeout(timer);
    if (loading && query) {
      loading.then(function (pagefind) { pagefind.preload(query); });
    }
    timer = setTimeout(function () { search(query); }, query ? PAUSE : 0);
  }

  function open(select) {
    load();
    toggle.checked = true;
    input.focus();
    if (select) input.select();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function editable(element) {
    return element && (element.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function move(step) {
    var links = [input].concat(Array.prototype.slice.call(
      list.querySelectorAll(".md-search-result__link")));
    var at = links.indexOf(document.activeElement);
    var next = links[Math.max(0, Math.min(links.length - 1, at + step))];
    next.focus();
  }

  input.addEventListener("focus", function () { open(false); });
  input.addEventListener("input", typed);
  selects.forEach(function (select) {
    select.addEventListener("change", function () { load(); search(input.value.trim()); });
  });
  dialog.addEventListener("pointerenter", load);
  document.querySelectorAll("label[for='__search']").forEach(function (label) {
    label.addEventListener("pointerdown", load);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) open(false);
    else input.blur();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { typed(); input.focus(); }, 0);
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) toggle.checked = false;
  });

  /* Material's shortcuts: "/", "s" or "f" open the search, Escape closes it, the arrows move
     through the results (Material's own search, which did this, is not started). */
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (toggle.checked) {
      if (event.key === "Escape") {
        close();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") &&
                 document.activeElement.tagName !== "SELECT") {  // a filter's own choices
        move(event.key === "ArrowDown" ? 1 : -1);
      } else {
        return;
      }
      event.preventDefault();
    } else if (/^[/sf]$/.test(event.key) && !editable(document.activeElement)) {
      event.preventDefault();
      open(true);
    }
  });

  function idle(then) {
    if (window.requestIdleCallback) window.requestIdleCallback(then, { timeout: 3000 });
    else setTimeout(then, 1000);
  }

  function warm() {
    if (!(navigator.connection && navigator.connection.saveData)) idle(load);
  }

  if (document.readyState === "complete") warm();
  else window.addEventListener("load", warm);

  /* ?q=words opens the search with them (the 404 page links here so). */
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    open(false);
    typed();
  }
})();
