// The search page's script (theme/templates/search.html), the only script the site runs.
// It loads Pagefind's index from this site only when someone types, shows results as a
// list of links, and never builds HTML from strings: excerpts are read by DOMParser
// (which runs nothing) and copied as text and <mark> elements.
const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.querySelector("[data-search-results]");
const SHOWN = 10;
// Each essay's date, as the list of every essay below shows it (the index holds no dates).
const listed = new Map(
  [...document.querySelectorAll(".search-all li")].map((li) => [
    new URL(li.querySelector("a").href, document.baseURI).pathname,
    li.querySelector("time"),
  ]),
);
let pagefind = null;

async function engine() {
  if (pagefind === null) {
    pagefind = import(form.dataset.bundle + "pagefind.js").then(async (module) => {
      const base = new URL(form.dataset.site + "/", document.baseURI).pathname;
      // No worker: the policy allows none (worker-src 'none'), and the index is small.
      await module.options({ baseUrl: base, noWorker: true });
      return module;
    });
  }
  return pagefind;
}

function excerpt(html) {
  const paragraph = document.createElement("p");
  paragraph.className = "search-excerpt";
  const parsed = new DOMParser().parseFromString(html, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function item(data) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  li.append(link);
  const date = listed.get(new URL(data.url, document.baseURI).pathname);
  if (date) {
    const time = date.cloneNode(true);
    time.className = "search-meta";
    li.append(time);
  }
  li.append(excerpt(data.excerpt || ""));
  return li;
}

function say(text) {
  status.textContent = text;
}

async function search(query) {
  const trimmed = query.trim();
  if (!trimmed) {
    list.replaceChildren();
    list.hidden = true;
    say("");
    return;
  }
  let found;
  try {
    found = await (await engine()).debouncedSearch(trimmed, {}, 250);
  } catch {
    unavailable();
    return;
  }
  if (found === null) return; // a newer query replaced this one
  const results = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  if (input.value.trim() !== trimmed) return;
  list.replaceChildren(...results.map(item));
  list.hidden = results.length === 0;
  const total = found.results.length;
  if (total === 0) say(`No essay matches “${trimmed}”.`);
  else if (total > SHOWN) say(`${total} essays match “${trimmed}”; the ${SHOWN} closest are shown.`);
  else say(`${total} ${total === 1 ? "essay matches" : "essays match"} “${trimmed}”.`);
}

function unavailable() {
  list.hidden = true;
  document.querySelector("[data-search-unavailable]").hidden = false;
  say("Search is not ready here. Every essay is listed below.");
}

form.hidden = false;
document.querySelector("[data-search-fallback]").hidden = true;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  search(input.value);
});
input.addEventListener("input", () => search(input.value));
// Fetch the index's entry point once the reader reaches the field, not before.
input.addEventListener("focus", () => engine().catch(unavailable), { once: true });
const asked = new URLSearchParams(location.search).get("q");
if (asked) {
  input.value = asked;
  search(asked);
}
