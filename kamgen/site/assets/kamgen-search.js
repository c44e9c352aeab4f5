// kamgen's search worker for Material for MkDocs 9: Material's search box and result list,
// Pagefind's engine. Material talks to its search worker in four messages (SETUP, READY,
// QUERY, RESULT) and lets a site bring a worker of its own; this one answers them from the
// Pagefind index in pagefind/ (written after the build), which is split into chunks that a
// query fetches as it needs them, so the first result does not wait for the whole index.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// Results shown: each needs one small fetch for its title, excerpt and sections.
const SHOWN = 50;
// German endings a query word may carry that the word in the plan does not
// ("Formatwechseln" for "Formatwechsel"): tried, longest first, when a word finds nothing.
const ENDINGS = ["ern", "em", "en", "er", "es", "e", "n", "s"];

const base = new URL("../pagefind/", self.location.href);
let pagefind = null;

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

function relative(url) {
  // Pagefind's URLs start at the site's root; Material resolves a result against the
  // site's base, wherever the site is served.
  return String(url).replace(/^\/+/, "");
}

async function find(query) {
  let found = await pagefind.search(query);
  if (found.results.length) return found;
  const words = query.trim().split(/\s+/);
  for (const ending of ENDINGS) {
    const shorter = words.map(w => w.length > ending.length + 3 && w.toLowerCase().endsWith(ending)
      ? w.slice(0, -ending.length) : w);
    if (shorter.join(" ") === words.join(" ")) continue;
    found = await pagefind.search(shorter.join(" "));
    if (found.results.length) return found;
  }
  return found;
}

async function search(query) {
  if (!query.trim()) return { items: [] };
  const found = await find(query.replace(/[*+\-~^:"]/g, " "));
  const terms = Object.fromEntries(query.toLowerCase().split(/\s+/).filter(Boolean)
    .map(term => [term, true]));
  const pages = await Promise.all(found.results.slice(0, SHOWN).map(result => result.data()));
  const items = pages.map((page, index) => {
    const score = SHOWN - index;
    const article = {
      location: relative(page.url), title: escape(page.meta.title || page.url),
      text: page.excerpt, score, terms,
    };
    const sections = (page.sub_results || [])
      .filter(section => section.url !== page.url)
      .slice(0, 3)
      .map(section => ({
        location: relative(section.url), title: escape(section.title), text: section.excerpt,
        score: score - 0.5, terms,
      }));
    return [article, ...sections];
  });
  return { items };
}

addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    pagefind = await import(new URL("pagefind.js", base).href);
    await pagefind.options({ basePath: base.pathname, excerptLength: 24 });
    await pagefind.init();
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    try {
      postMessage({ type: RESULT, data: await search(message.data) });
    } catch (error) {
      console.warn(`kamgen search: ${message.data}`, error);
      postMessage({ type: RESULT, data: { items: [] } });
    }
  }
});
