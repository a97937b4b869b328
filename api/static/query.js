// The query page: prefill from the named queries, run with fetch, show SELECT results as a table.
(function () {
  const form = document.getElementById("query-form");
  const examples = document.getElementById("examples");
  const query = document.getElementById("query");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const description = document.getElementById("example-description");
  const base = form.dataset.base || "";

  function pick(name) {
    const template = document.getElementById("q-" + name);
    if (template) { query.value = template.content.textContent; }
    const option = examples.selectedOptions[0];
    description.textContent = option ? (option.dataset.description || "") : "";
  }
  examples.addEventListener("change", function () { pick(examples.value); });

  // /sparql#query=<name> opens the page on that named query
  const wanted = new URLSearchParams(location.hash.slice(1)).get("query");
  if (wanted && document.getElementById("q-" + wanted)) { examples.value = wanted; pick(wanted); }

  // IRIs this project minted dereference on this server, whatever host the base names; other
  // http(s) IRIs link as they are, and any other scheme (javascript:, data:) is shown as text
  function href(iri) {
    if (base && iri.startsWith(base)) { return "/id/" + iri.slice(base.length) + "?format=html"; }
    return /^https?:\/\/[^\s\\]+$/i.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri" && href(term.value)) {
      const a = document.createElement("a");
      a.href = href(term.value); a.textContent = term.value; td.appendChild(a);
    } else { td.textContent = term.value; }
    return td;
  }

  function fail(text) { status.textContent = text; status.className = "error"; }

  form.addEventListener("submit", async function (event) {
    if (format.value !== "html-table") { return; }  // other formats: the browser shows the raw answer
    event.preventDefault();
    status.textContent = "running…"; status.className = "";
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        headers: {"Content-Type": "application/sparql-query",
                  "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        body: query.value,
      });
    } catch (error) { fail("the server did not answer: " + error.message); return; }
    const elapsed = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      if (type.includes("json")) {
        const problem = await response.json();
        fail(problem.title + ": " + problem.detail);
      } else { fail("error " + response.status); }
      return;
    }
    if (!type.startsWith("application/sparql-results+json")) {
      const pre = document.createElement("pre");
      pre.className = "answer";
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = elapsed + " ms";
      return;
    }
    const data = await response.json();
    if ("boolean" in data) { status.textContent = String(data.boolean) + " · " + elapsed + " ms"; return; }
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) { row.appendChild(cell(binding[v])); }
    }
    results.appendChild(table);
    const rows = data.results.bindings.length;
    const cut = response.headers.get("X-Results-Truncated") === "true" ? " (cut at the row limit)" : "";
    status.textContent = rows.toLocaleString("en") + (rows === 1 ? " row" : " rows") + cut + " · " + elapsed + " ms";
  });
}());
