// The query page: prefill from the named queries, run with fetch, show SELECT results as a table.
(function () {
  const form = document.getElementById("query-form");
  const examples = document.getElementById("examples");
  const query = document.getElementById("query");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const description = document.getElementById("example-description");

  examples.addEventListener("change", function () {
    const template = document.getElementById("q-" + examples.value);
    if (template) { query.value = template.content.textContent; }
    const option = examples.selectedOptions[0];
    description.textContent = option ? (option.dataset.description || "") : "";
  });

  function cell(term) {
    const td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value; a.textContent = term.value; td.appendChild(a);
    } else { td.textContent = term.value; }
    return td;
  }

  form.addEventListener("submit", async function (event) {
    if (format.value !== "html-table") { return; }  // other formats: the browser shows the raw answer
    event.preventDefault();
    status.textContent = "running…";
    results.replaceChildren();
    const started = performance.now();
    const response = await fetch(form.action, {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: query.value,
    });
    const elapsed = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      const problem = await response.json();
      status.textContent = problem.title + ": " + problem.detail;
      return;
    }
    if (!type.startsWith("application/sparql-results+json")) {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = elapsed + " ms";
      return;
    }
    const data = await response.json();
    if ("boolean" in data) { status.textContent = String(data.boolean) + " · " + elapsed + " ms"; return; }
    const table = document.createElement("table");
    const head = table.insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    for (const binding of data.results.bindings) {
      const row = table.insertRow();
      for (const v of data.head.vars) { row.appendChild(cell(binding[v])); }
    }
    results.appendChild(table);
    const cut = response.headers.get("X-Results-Truncated") === "true" ? " (cut at the row limit)" : "";
    status.textContent = data.results.bindings.length + " rows" + cut + " · " + elapsed + " ms";
  });
}());
